/** YAML texts for the tests of validation (the API, its worker pool and the CLI). Test-only. */

const levels = 'abcdefghi'.split('');

/**
 * The 9-level "billion laughs" (CVE-2019-11253): 9^9 strings if every alias were expanded; its 2nd line is the first
 * alias use.
 */
export const ALIAS_BOMB = levels
  .map((l, i) =>
    i === 0
      ? `${l}: &${l} [lol, lol, lol, lol, lol, lol, lol, lol, lol]`
      : `${l}: &${l} [${Array(9)
          .fill(`*${levels[i - 1]}`)
          .join(', ')}]`,
  )
  .join('\n');

/** The VirtualService `bookinfo/reviews` sending all traffic to `subset` of reviews (the `subset:` key on line 12). */
export const reviewsToSubset = (subset: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: ${subset}
`;
