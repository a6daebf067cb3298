/**
 * Authentication for the demo Kubernetes API: a static token file, as `kube-apiserver --token-auth-file` reads it,
 * plus impersonation (`Impersonate-User` / `Impersonate-Group`, allowed to users with the `impersonate` verb).
 *
 * | token                      | user               | what RBAC gives it (auth-seed.ts)                           |
 * |----------------------------|--------------------|-------------------------------------------------------------|
 * | `demo-admin-token`         | `demo-admin`       | group `system:masters`: everything (the kubeconfig's user)  |
 * | `bookinfo-viewer-token`    | `bookinfo-viewer`  | get/list/watch in `bookinfo` only                           |
 * | `bookinfo-editor-token`    | `bookinfo-editor`  | that, plus create/update/patch/delete Istio config there    |
 * | `bookinfo-limited-token`   | `bookinfo-limited` | `bookinfo` without Deployments and VirtualServices          |
 * | `nobody-token`             | `nobody`           | nothing but discovery and self reviews                      |
 * | `BOOKINFO_VIEWER_LONG_TOKEN` | `bookinfo-viewer` | same as the viewer; 5 KB long, for cookie chunking tests  |
 */
import type { IncomingHttpHeaders } from 'node:http';
import { DEMO_TOKEN } from './kubeconfig';
import { ApiError } from './status';

/** Who a request acts as (`authentication.k8s.io/v1` UserInfo). */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

export const BOOKINFO_VIEWER_TOKEN = 'bookinfo-viewer-token';
export const BOOKINFO_EDITOR_TOKEN = 'bookinfo-editor-token';
export const BOOKINFO_LIMITED_TOKEN = 'bookinfo-limited-token';
export const NOBODY_TOKEN = 'nobody-token';
/** A token longer than one cookie can hold (4 KB), so the session must be split across cookies. */
export const BOOKINFO_VIEWER_LONG_TOKEN = `bookinfo-viewer-long.${'x'.repeat(5000)}`;

const AUTHENTICATED = 'system:authenticated';

/** The demo's users by bearer token. */
export const DEMO_USERS: ReadonlyMap<string, UserInfo> = new Map([
  [DEMO_TOKEN, { username: 'demo-admin', uid: 'demo-admin-uid', groups: ['system:masters', AUTHENTICATED] }],
  [BOOKINFO_VIEWER_TOKEN, { username: 'bookinfo-viewer', uid: 'bookinfo-viewer-uid', groups: [AUTHENTICATED] }],
  [BOOKINFO_VIEWER_LONG_TOKEN, { username: 'bookinfo-viewer', uid: 'bookinfo-viewer-uid', groups: [AUTHENTICATED] }],
  [BOOKINFO_EDITOR_TOKEN, { username: 'bookinfo-editor', uid: 'bookinfo-editor-uid', groups: [AUTHENTICATED] }],
  [BOOKINFO_LIMITED_TOKEN, { username: 'bookinfo-limited', uid: 'bookinfo-limited-uid', groups: [AUTHENTICATED] }],
  [NOBODY_TOKEN, { username: 'nobody', uid: 'nobody-uid', groups: [AUTHENTICATED] }],
]);

/** The user of a request without credentials (the real server's anonymous auth). */
export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

/** The real server's answer to a bad token, whatever the path: 401 `Unauthorized`. */
export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

function header(headers: IncomingHttpHeaders, name: string): string[] {
  const v = headers[name];
  return v === undefined ? [] : Array.isArray(v) ? v : v.split(',').map((s) => s.trim());
}

/**
 * The user a request authenticates as: from `Authorization: Bearer <token>`, or anonymous without one.
 * @throws ApiError 401 for an unknown token or another scheme.
 */
export function authenticate(headers: IncomingHttpHeaders): UserInfo {
  const auth = headers.authorization;
  if (auth === undefined || auth === '') return ANONYMOUS;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  const user = m ? DEMO_USERS.get(m[1]!) : undefined;
  if (!user) throw unauthorized();
  return user;
}

/** The impersonation a request asks for, or null. Extra headers (`Impersonate-Extra-*`, `-Uid`) are not supported. */
export function requestedImpersonation(headers: IncomingHttpHeaders): { username: string; groups: string[] } | null {
  const [username] = header(headers, 'impersonate-user');
  const groups = header(headers, 'impersonate-group').filter(Boolean);
  if (!username && groups.length === 0) return null;
  return { username: username ?? '', groups };
}

/** The impersonated user as the API server builds it: the given groups plus `system:authenticated`. */
export function impersonatedUser(target: { username: string; groups: string[] }): UserInfo {
  return { username: target.username, groups: [...new Set([...target.groups, AUTHENTICATED])] };
}
