// Brent's (1973) one-dimensional minimiser, golden sections with parabolic steps, as R's optimize():
// SES has a single smoothing parameter once its initial level is profiled out.

export interface BrentResult {
  readonly x: number;
  readonly value: number;
  readonly evaluations: number;
}

const GOLDEN = (3 - Math.sqrt(5)) / 2;
const SQRT_EPSILON = Math.sqrt(Number.EPSILON);

/** The minimiser of f on [a, b] to within about `tolerance` in x; deterministic. */
export function brentMinimise(
  f: (x: number) => number,
  a: number,
  b: number,
  tolerance: number,
): BrentResult {
  let lo = a;
  let hi = b;
  let x = lo + GOLDEN * (hi - lo);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let evaluations = 1;
  let d = 0;
  let e = 0;
  for (;;) {
    const middle = (lo + hi) / 2;
    const tol1 = SQRT_EPSILON * Math.abs(x) + tolerance / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - middle) <= tol2 - (hi - lo) / 2) break;
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      const previous = e;
      e = d;
      if (Math.abs(p) >= Math.abs(0.5 * q * previous) || p <= q * (lo - x) || p >= q * (hi - x)) {
        e = x < middle ? hi - x : lo - x;
        d = GOLDEN * e;
      } else {
        d = p / q;
        const u = x + d;
        if (u - lo < tol2 || hi - u < tol2) d = x < middle ? tol1 : -tol1;
      }
    } else {
      e = x < middle ? hi - x : lo - x;
      d = GOLDEN * e;
    }
    const u = x + (Math.abs(d) >= tol1 ? d : d > 0 ? tol1 : -tol1);
    const fu = f(u);
    evaluations++;
    if (fu <= fx) {
      if (u < x) hi = x;
      else lo = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) lo = u;
      else hi = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, value: fx, evaluations };
}
