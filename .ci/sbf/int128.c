// 128-bit integer helpers for the SBF build (see .ci/sbf/README.md, "128-bit helpers").
//
// Why this file exists: LLVM 23's BPF backend lowers i128 multiplication, division and
// remainder to calls of the compiler-rt helpers below and expects their 128-bit result in the
// return registers (r0, r1). rustc 1.97's compiler-builtins (and solana-compiler-builtins)
// compile the same helpers for BPF to return the result through a hidden pointer, so the
// caller reads garbage and the helper writes through an unrelated register: at run time
// "Access violation writing 8 bytes at address 0x100000009". Compiled by clang-23 for the same
// backend (`-target bpfel -mcpu=v4 -O2 -emit-llvm`), these definitions use the register
// convention the backend's libcalls use, and they are linked into the program as bitcode.
//
// Every helper is built from 64-bit operations only (BPF has 64-bit mul/div/mod, with signed
// division from cpu v4); nothing here may itself need a 128-bit libcall. Division by zero never
// reaches them: Rust checks the divisor (and MIN / -1) before dividing and panics or wraps.
// The results are compared with native Rust on SBF by tests/sbf.int128.test.ts.

typedef unsigned long long u64;
typedef unsigned __int128 u128;
typedef __int128 i128;

#define HI(x) ((u64)((x) >> 64))
#define LO(x) ((u64)(x))
#define MAKE(hi, lo) (((u128)(hi) << 64) | (u128)(lo))

// Number of leading zero bits of a non-zero x (binary search: 6 steps, no libcall).
static int clz64(u64 x) {
  int n = 0;
  if ((x >> 32) == 0) { n += 32; x <<= 32; }
  if ((x >> 48) == 0) { n += 16; x <<= 16; }
  if ((x >> 56) == 0) { n += 8; x <<= 8; }
  if ((x >> 60) == 0) { n += 4; x <<= 4; }
  if ((x >> 62) == 0) { n += 2; x <<= 2; }
  if ((x >> 63) == 0) { n += 1; }
  return n;
}

// Full 64 x 64 -> 128-bit product from four 32 x 32 -> 64-bit products.
static u128 mul64x64(u64 a, u64 b) {
  u64 a0 = a & 0xffffffffu, a1 = a >> 32;
  u64 b0 = b & 0xffffffffu, b1 = b >> 32;
  u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  // The middle column: carries of at most 2 bits, so no 64-bit overflow.
  u64 mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  u64 lo = (mid << 32) | (p00 & 0xffffffffu);
  u64 hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return MAKE(hi, lo);
}

// (u1:u0) / v for u1 < v (the quotient fits in 64 bits), remainder in *rem. Long division in
// base 2^32 with a normalised divisor: each quotient digit is estimated from the top two
// dividend digits and the top divisor digit, then corrected (at most twice).
static u64 div128by64(u64 u1, u64 u0, u64 v, u64 *rem) {
  const u64 b = 1ull << 32;
  int s = clz64(v);
  v <<= s;
  u64 vn1 = v >> 32, vn0 = v & 0xffffffffu;
  u64 un32 = s == 0 ? u1 : (u1 << s) | (u0 >> (64 - s));
  u64 un10 = u0 << s;
  u64 un1 = un10 >> 32, un0 = un10 & 0xffffffffu;

  u64 q1 = un32 / vn1, rhat = un32 - q1 * vn1;
  while (q1 >= b || q1 * vn0 > ((rhat << 32) | un1)) {
    q1 -= 1;
    rhat += vn1;
    if (rhat >= b) break;
  }
  u64 un21 = (un32 << 32) + un1 - q1 * v;

  u64 q0 = un21 / vn1;
  rhat = un21 - q0 * vn1;
  while (q0 >= b || q0 * vn0 > ((rhat << 32) | un0)) {
    q0 -= 1;
    rhat += vn1;
    if (rhat >= b) break;
  }
  *rem = ((un21 << 32) + un0 - q0 * v) >> s;
  return (q1 << 32) | q0;
}

// Unsigned 128-bit division with remainder.
static u128 udivmod128(u128 n, u128 d, u128 *rem) {
  u64 n1 = HI(n), n0 = LO(n), d1 = HI(d), d0 = LO(d);
  if (d1 == 0) {
    if (n1 == 0) { // both fit in 64 bits
      if (d0 == 0) { *rem = 0; return 0; } // unreachable from Rust (checked before)
      *rem = n0 % d0;
      return n0 / d0;
    }
    if (d0 == 0) { *rem = 0; return 0; }
    // 128 / 64: high quotient digit by 64-bit division, low one by div128by64.
    u64 q1 = n1 / d0, r1 = n1 % d0, r;
    u64 q0 = div128by64(r1, n0, d0, &r);
    *rem = r;
    return MAKE(q1, q0);
  }
  if (n < d) { *rem = n; return 0; }
  // d >= 2^64, so the quotient fits in 64 bits. Estimate it from the divisor's top 64
  // normalised bits (Hacker's Delight, "divdu"): off by at most one, fixed below.
  int s = clz64(d1);
  u64 v1 = HI(d << s);
  u64 ignored;
  u64 q = div128by64(n1 >> 1, (n1 << 63) | (n0 >> 1), v1, &ignored);
  q >>= 63 - s; // (q << s) >> 63 in 128 bits: undo the normalisation and the halving
  if (q != 0) q -= 1;
  u128 qd = mul64x64(q, d0) + ((u128)(q * d1) << 64); // q * d < 2^128 here
  u128 r = n - qd;
  if (r >= d) { q += 1; r -= d; }
  *rem = r;
  return q;
}

u128 __multi3(u128 a, u128 b) {
  u128 p = mul64x64(LO(a), LO(b));
  u64 cross = LO(a) * HI(b) + HI(a) * LO(b); // only its low 64 bits reach the result
  return MAKE(HI(p) + cross, LO(p));
}

u128 __udivti3(u128 n, u128 d) {
  u128 r;
  return udivmod128(n, d, &r);
}

u128 __umodti3(u128 n, u128 d) {
  u128 r;
  udivmod128(n, d, &r);
  return r;
}

// Signed: divide the magnitudes (two's complement negation in u128, so |MIN| = 2^127 works),
// the quotient is negative when the signs differ, the remainder takes the dividend's sign.
i128 __divti3(i128 a, i128 b) {
  u128 ua = a < 0 ? -(u128)a : (u128)a;
  u128 ub = b < 0 ? -(u128)b : (u128)b;
  u128 r;
  u128 q = udivmod128(ua, ub, &r);
  return (i128)(((a < 0) != (b < 0)) ? -q : q);
}

i128 __modti3(i128 a, i128 b) {
  u128 ua = a < 0 ? -(u128)a : (u128)a;
  u128 ub = b < 0 ? -(u128)b : (u128)b;
  u128 r;
  udivmod128(ua, ub, &r);
  return (i128)(a < 0 ? -r : r);
}
