//! Prints the 128-bit test vectors and their native results as JSON for
//! `tests/sbf.int128.test.ts`, which runs the same records on the SBF build and compares:
//!
//! `{"seed": N, "cases": [[op, "a", "b", "value", flag], ...]}` (numbers as hex strings)
//!
//! Cases: every op on every pair of edge values, then `RANDOM_PER_OP` seeded random pairs per
//! op with random bit lengths (so 32-, 64- and 96-bit boundaries are crossed often) and random
//! signs. Seed: first argument, default 2026.

use sbf_selftest::{apply, Op};
use std::fmt::Write as _;

const RANDOM_PER_OP: usize = 400;

fn edge_values() -> Vec<u128> {
    let neg = |v: u128| v.wrapping_neg();
    vec![
        0,
        1,
        2,
        3,
        7,
        10,
        (1 << 32) - 1,
        1 << 32,
        (1 << 63) - 1,
        1 << 63,
        u128::from(u64::MAX) - 1,
        u128::from(u64::MAX),
        1 << 64,
        (1 << 64) + 1,
        (1 << 96) - 1,
        1 << 96,
        1_000_000_000_000_000_000,
        1_000_000_000_000_000_007,
        0x0123_4567_89ab_cdef_fedc_ba98_7654_3210,
        1 << 126,
        i128::MAX as u128,
        i128::MIN as u128,
        i128::MIN as u128 + 1,
        neg(1 << 64),
        neg(1 << 63),
        neg(3),
        u128::MAX - 1,
        u128::MAX,
    ]
}

/// splitmix64: small, seedable, identical on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value of random bit length (0..=128), negated half of the time.
    fn operand(&mut self) -> u128 {
        let bits = (self.next() % 129) as u32;
        let raw = (u128::from(self.next()) << 64) | u128::from(self.next());
        let value = if bits == 0 { 0 } else { raw >> (128 - bits) };
        if self.next() & 1 == 1 {
            value.wrapping_neg()
        } else {
            value
        }
    }
}

fn main() {
    let seed: u64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("the seed is an unsigned integer"),
        None => 2026,
    };
    let mut pairs: Vec<(Op, u128, u128)> = Vec::new();
    let edges = edge_values();
    for op in Op::ALL {
        for &a in &edges {
            for &b in &edges {
                pairs.push((op, a, b));
            }
        }
    }
    let mut rng = Rng(seed);
    for op in Op::ALL {
        for _ in 0..RANDOM_PER_OP {
            pairs.push((op, rng.operand(), rng.operand()));
        }
    }

    let mut json = format!("{{\"seed\":{seed},\"cases\":[");
    for (i, (op, a, b)) in pairs.iter().enumerate() {
        let (value, flag) = apply(*op, *a, *b);
        if i > 0 {
            json.push(',');
        }
        write!(
            json,
            "[{},\"{a:x}\",\"{b:x}\",\"{value:x}\",{flag}]",
            *op as u8
        )
        .unwrap();
    }
    json.push_str("]}");
    println!("{json}");
}
