/**
 * Field validation of the Istio networking forms (Gateway, ServiceEntry, Sidecar, and the expose flow) as zod schemas
 * over the form values: each zod issue becomes a FormProblem at its form path (`servers.0.port`), shown next to the
 * field before any YAML exists. Rules from Istio's validation webhook (`pkg/config/validation`: port numbers 1–65535,
 * gateway server port names and hosts required, HTTPS/TLS servers need TLS settings, SIMPLE/MUTUAL need a credential,
 * ServiceEntry STATIC resolution needs endpoints with IP addresses, Sidecar egress hosts in `namespace/dnsName` form).
 * The CRD schema and cross-object checks run on the built object through `/api/istio/validate`. Pure and isomorphic.
 */
import { z } from 'zod';
import { isDns1123Subdomain } from '../names';
import type { GatewayForm } from './gateway';
import type { ServiceEntryForm } from './service-entry';
import type { SidecarForm } from './sidecar';
import type { FormProblem } from './validate';

const name = z
  .string()
  .min(1, 'A name is required')
  .refine(isDns1123Subdomain, "Lower-case letters, digits, '-' and '.'");
const port = z
  .string()
  .regex(/^\d+$/, 'A port number is required')
  .refine((p) => Number(p) >= 1 && Number(p) <= 65535, 'Ports are 1 to 65535');
/** A hostname, a `*.` wildcard or `*`. */
export const HOST = /^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/i;
const IP = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$|^[0-9a-fA-F:]+(\/\d{1,3})?$/;
const LABEL_KEY = /^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labels = z.array(z.object({ key: z.string().regex(LABEL_KEY, 'Not a label key'), value: z.string() })).optional();

const gatewaySchema = z.object({
  name,
  selector: labels,
  servers: z
    .array(
      z
        .object({
          port,
          portName: z.string().min(1, 'Istio requires a port name'),
          protocol: z.string(),
          hosts: z
            .array(
              z
                .string()
                .refine(
                  (h) => HOST.test(h.includes('/') ? h.slice(h.indexOf('/') + 1) : h),
                  'Hosts are DNS names, *.example.com or *, optionally prefixed with namespace/',
                ),
            )
            .min(1, 'A server needs at least one host (* for any)'),
          tlsMode: z.string().optional(),
          credentialName: z.string().optional(),
          httpsRedirect: z.boolean().optional(),
        })
        .superRefine((s, ctx) => {
          if ((s.protocol === 'HTTPS' || s.protocol === 'TLS') && !s.tlsMode)
            ctx.addIssue({ code: 'custom', path: ['tlsMode'], message: `${s.protocol} servers need a TLS mode` });
          if ((s.tlsMode === 'SIMPLE' || s.tlsMode === 'MUTUAL') && !s.credentialName)
            ctx.addIssue({
              code: 'custom',
              path: ['credentialName'],
              message: `TLS ${s.tlsMode} needs credentialName (the Secret with the certificate)`,
            });
        }),
    )
    .min(1, 'A Gateway needs at least one server'),
});

const serviceEntrySchema = z
  .object({
    name,
    hosts: z
      .array(z.string().refine((h) => HOST.test(h), 'Hosts are DNS names or *.example.com'))
      .min(1, 'A ServiceEntry needs at least one host'),
    addresses: z.array(z.string().regex(IP, 'Addresses are IPs or CIDR blocks')).optional(),
    ports: z
      .array(
        z.object({
          number: port,
          name: z.string().min(1, 'Istio requires a port name'),
          protocol: z.string(),
          targetPort: port.optional(),
        }),
      )
      .min(1, 'A ServiceEntry needs at least one port'),
    resolution: z.string(),
    endpoints: z.array(z.string().min(1, 'An endpoint needs an address')).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.resolution === 'STATIC') {
      if (!f.endpoints?.length)
        ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'STATIC resolution needs endpoints' });
      f.endpoints?.forEach((e, i) => {
        if (e && !IP.test(e))
          ctx.addIssue({ code: 'custom', path: ['endpoints', i], message: 'STATIC endpoints are IP addresses' });
      });
    }
  });

const sidecarSchema = z.object({
  name,
  selector: labels,
  egress: z
    .array(
      z.object({
        hosts: z
          .array(
            z
              .string()
              .refine(
                (h) => /^(\.|\*|~|[a-z0-9]([-a-z0-9]*[a-z0-9])?)\/.+$/.test(h),
                'Egress hosts are namespace/dnsName (./* for this namespace, istio-system/*, */example.com)',
              ),
          )
          .min(1, 'An egress listener needs at least one host'),
        port: port.optional().or(z.literal('')),
      }),
    )
    .min(1, 'A Sidecar needs at least one egress listener'),
});

/** zod issues as form problems (`servers.0.port`). */
export function problemsOf(schema: z.ZodType, form: unknown): FormProblem[] {
  const r = schema.safeParse(form);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Problems of a Gateway form. */
export const gatewayProblems = (f: GatewayForm): FormProblem[] => problemsOf(gatewaySchema, f);
/** Problems of a ServiceEntry form. */
export const serviceEntryProblems = (f: ServiceEntryForm): FormProblem[] => problemsOf(serviceEntrySchema, f);
/** Problems of a Sidecar form. */
export const sidecarProblems = (f: SidecarForm): FormProblem[] => problemsOf(sidecarSchema, f);
