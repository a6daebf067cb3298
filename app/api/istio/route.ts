import type { NextRequest } from 'next/server';
import { listIstioConfig } from '@/lib/server/istio-config/list';
import { parseListQuery } from '@/lib/server/istio-config/params';
import { handle, json } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

/**
 * GET /api/istio?namespaces=a,b&kinds=virtualservices,gateways&validate=true&objects=true — Istio config across namespaces
 * (all when `namespaces` is absent) and kinds (all when `kinds` is absent), sorted by namespace, kind and name.
 * Answers `IstioConfigList` (lib/contracts/istio-config.ts): `{ items: [{ kind, plural, apiVersion, namespace, name,
 * resourceVersion, creationTimestamp, validation: { valid, counts: {error,warning,info}, findings } | null,
 * object? (with objects=true) }], counts, validated }`. Validation = CRD schema (IST0106) + cross-object checks
 * (IST/KIA codes) over the whole cluster. Several clusters (issue 18): every cluster's objects (or `clusterName`'s),
 * each with its `cluster` and validated against its own cluster, plus `clusters` and `clusterErrors`.
 * Errors: 400 `bad_request:api` naming the parameter (`namespaces`, `kinds`, `validate`, `objects`, `clusterName`); 403/503/504
 * from Kubernetes.
 */
export const GET = handle(async (req: NextRequest) =>
  json(await listIstioConfig(parseListQuery(req.nextUrl.searchParams))),
);
