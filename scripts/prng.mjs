// mulberry32: a small seeded pseudo-random generator, so that generated fixtures, benchmark inputs and the
// demo history are the same bytes on every run. One copy for the whole repository.

/** A generator of numbers in [0, 1) determined by `seed`. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
