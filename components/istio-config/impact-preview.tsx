'use client';
import type { IstioConfigObject } from '@/lib/api/istio-types';

/** Impact of a change on observed traffic (filled in with lib/istio/impact). */
export function ImpactPreview(_props: { before: IstioConfigObject | null; after: IstioConfigObject }) {
  return null;
}
