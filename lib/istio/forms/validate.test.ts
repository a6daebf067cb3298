import { describe, expect, it } from 'vitest';
import { applyPreset, authorizationPolicyFromForm, newAuthorizationPolicyForm, presetOf } from './authorization-policy';
import { newPeerAuthenticationForm } from './peer-authentication';
import { newRequestAuthenticationForm } from './request-authentication';
import { authorizationPolicyProblems, peerAuthenticationProblems, requestAuthenticationProblems } from './validate';

describe('authorization form validation', () => {
  it('accepts a DENY policy for ratings from reviews', () => {
    const form = {
      ...newAuthorizationPolicyForm('bookinfo', 'deny-reviews'),
      action: 'DENY' as const,
      selector: [{ key: 'app', value: 'ratings' }],
    };
    form.rules = [
      {
        from: [{ principals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'] }],
        to: [{ methods: ['GET'], paths: ['/ratings/*'] }],
      },
    ];
    expect(authorizationPolicyProblems(form)).toEqual([]);
    expect(authorizationPolicyFromForm(form)).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'deny-reviews', namespace: 'bookinfo' },
      spec: {
        selector: { matchLabels: { app: 'ratings' } },
        action: 'DENY',
        rules: [
          {
            from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'] } }],
            to: [{ operation: { methods: ['GET'], paths: ['/ratings/*'] } }],
          },
        ],
      },
    });
  });

  it('reports each bad field where it is', () => {
    const form = { ...newAuthorizationPolicyForm('bookinfo', 'Bad Name'), action: 'CUSTOM' as const };
    form.rules = [
      {
        from: [{ namespaces: ['Foo'], ipBlocks: ['10.0.0.0/8', 'ten'] }],
        to: [{ methods: ['GET', 'FETCH', 'P*'], ports: ['80', 'http'] }],
        when: [{ key: '', values: [] }],
      },
    ];
    expect(authorizationPolicyProblems(form).map((p) => p.path)).toEqual([
      'name',
      'provider',
      'rules.0.from.0.namespaces',
      'rules.0.from.0.ipBlocks',
      'rules.0.to.0.methods',
      'rules.0.to.0.ports',
      'rules.0.when.0.key',
      'rules.0.when.0.values',
    ]);
  });

  it('presets: deny-all has no rules, allow-all one empty rule (Kiali DENY_ALL / ALLOW_ALL)', () => {
    const base = newAuthorizationPolicyForm('bookinfo', 'p');
    const denyAll = applyPreset(base, 'deny-all');
    expect(presetOf(denyAll)).toBe('deny-all');
    expect(authorizationPolicyFromForm(denyAll).spec).toEqual({ action: 'ALLOW' });
    const allowAll = applyPreset(base, 'allow-all');
    expect(presetOf(allowAll)).toBe('allow-all');
    expect(authorizationPolicyFromForm(allowAll).spec).toEqual({ action: 'ALLOW', rules: [{}] });
  });

  it('PeerAuthentication: ports are numbers, port-level mTLS needs a selector', () => {
    const form = {
      ...newPeerAuthenticationForm('bookinfo'),
      portLevelMtls: [{ port: '8080', mode: 'DISABLE' as const }, { port: 'x' }],
    };
    expect(peerAuthenticationProblems(form).map((p) => p.path)).toEqual(['portLevelMtls.1.port', 'portLevelMtls']);
  });

  it('RequestAuthentication: issuer required, jwksUri is a URL', () => {
    const form = newRequestAuthenticationForm('bookinfo', 'jwt');
    form.jwtRules = [{ issuer: '', jwksUri: 'ftp://x' }];
    expect(requestAuthenticationProblems(form).map((p) => p.path)).toEqual(['jwtRules.0.issuer', 'jwtRules.0.jwksUri']);
  });
});
