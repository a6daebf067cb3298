/**
 * Test-only: one `istio_requests_total` row of bookinfo between two clusters, labelled as Istio's proxies label it
 * (`source_cluster`/`destination_cluster`, canonical service and revision from the workload name `app-vN`), for the
 * multi-cluster graph tests (in process and through the route).
 */
import type { PromSample } from '../types';

/** `src` = [cluster, workload], `dst` = [cluster, workload, service]; value in requests/s. */
export function clusterRequestRow(src: [string, string], dst: [string, string, string], value: number): PromSample {
  const [srcCluster, srcWl] = src;
  const [dstCluster, dstWl, dstSvc] = dst;
  return {
    metric: {
      source_cluster: srcCluster,
      source_workload_namespace: 'bookinfo',
      source_workload: srcWl,
      source_canonical_service: srcWl.replace(/-v\d$/, ''),
      source_canonical_revision: srcWl.slice(-2),
      destination_cluster: dstCluster,
      destination_service_namespace: 'bookinfo',
      destination_service: `${dstSvc}.bookinfo.svc.cluster.local`,
      destination_service_name: dstSvc,
      destination_workload_namespace: 'bookinfo',
      destination_workload: dstWl,
      destination_canonical_service: dstSvc,
      destination_canonical_revision: dstWl.slice(-2),
      request_protocol: 'http',
      response_code: '200',
      grpc_response_status: '',
      response_flags: '-',
    },
    value,
  };
}
