/**
 * X.509 check of a gateway certificate with Node's crypto, for lib/istio/secrets.ts `secretCertificateProblem`:
 * Istio's `xds.ValidateCertificate` (`x509.ParseCertificates` of the first PEM block, then every certificate within
 * its validity period at the time of the check). Node's `X509Certificate` reads the first certificate of the bytes.
 */
import 'server-only';
import { X509Certificate } from 'node:crypto';

/** The problem with the DER bytes as a certificate at `now` (ms since the epoch), or undefined when usable. */
export function x509Problem(der: Uint8Array, now: number = Date.now()): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(der));
  } catch (e) {
    return `x509: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (now > Date.parse(cert.validTo)) return 'certificate is expired or not yet valid';
  if (now < Date.parse(cert.validFrom)) return 'certificate is expired or not yet valid';
  return undefined;
}
