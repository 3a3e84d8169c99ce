//! The operations under test. Each maps `(a, b)` to `(value, flag)`: the wrapped result and
//! whether it overflowed (or, for division by zero, `(0, true)`). Signed operations read the
//! same 128 bits as `i128`.

/// One operation; the discriminant is the wire code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Op {
    /// `u128::overflowing_mul` (LLVM: `umul.with.overflow.i128`).
    MulU = 0,
    /// `u128::checked_div`.
    DivU = 1,
    /// `u128::checked_rem`.
    RemU = 2,
    /// `i128::overflowing_mul` (`smul.with.overflow.i128`).
    MulI = 3,
    /// `i128::overflowing_div` (`MIN / -1` wraps to `MIN`, flagged); by zero `(0, true)`.
    DivI = 4,
    /// `i128::overflowing_rem` (`MIN % -1` = 0, flagged); by zero `(0, true)`.
    RemI = 5,
    /// `u128::wrapping_mul` (plain `__multi3`, no overflow check).
    WrappingMulU = 6,
    /// Widening 64 x 64 -> 128 multiplication of the low halves (`u64 as u128 * u64 as u128`).
    WideningMul64 = 7,
    /// `u128::wrapping_shl(b % 128)`, `wrapping_shr`, and `i128` arithmetic `wrapping_shr`.
    Shl = 8,
    Shr = 9,
    Sar = 10,
    /// `u128::checked_mul(b)` then `checked_div(a >> 64 | 1)`: mul and div in one expression.
    MulDivU = 11,
}

impl Op {
    pub const ALL: [Op; 12] = [
        Op::MulU,
        Op::DivU,
        Op::RemU,
        Op::MulI,
        Op::DivI,
        Op::RemI,
        Op::WrappingMulU,
        Op::WideningMul64,
        Op::Shl,
        Op::Shr,
        Op::Sar,
        Op::MulDivU,
    ];

    pub fn from_code(code: u8) -> Option<Op> {
        Op::ALL.get(usize::from(code)).copied()
    }
}

/// Applies `op` to `(a, b)`; see [`Op`] for each meaning.
#[inline(never)]
pub fn apply(op: Op, a: u128, b: u128) -> (u128, bool) {
    let (ia, ib) = (a as i128, b as i128);
    match op {
        Op::MulU => a.overflowing_mul(b),
        Op::DivU => a.checked_div(b).map_or((0, true), |q| (q, false)),
        Op::RemU => a.checked_rem(b).map_or((0, true), |r| (r, false)),
        Op::MulI => signed(ia.overflowing_mul(ib)),
        Op::DivI if ib == 0 => (0, true),
        Op::DivI => signed(ia.overflowing_div(ib)),
        Op::RemI if ib == 0 => (0, true),
        Op::RemI => signed(ia.overflowing_rem(ib)),
        Op::WrappingMulU => (a.wrapping_mul(b), false),
        Op::WideningMul64 => (u128::from(a as u64) * u128::from(b as u64), false),
        Op::Shl => (a.wrapping_shl(shift(b)), false),
        Op::Shr => (a.wrapping_shr(shift(b)), false),
        Op::Sar => (ia.wrapping_shr(shift(b)) as u128, false),
        Op::MulDivU => a
            .checked_mul(b)
            .and_then(|p| p.checked_div((a >> 64) | 1))
            .map_or((0, true), |q| (q, false)),
    }
}

fn signed((value, flag): (i128, bool)) -> (u128, bool) {
    (value as u128, flag)
}

/// The shift amount: `b mod 128`, taken from a value the caller does not know statically.
fn shift(b: u128) -> u32 {
    (b % 128) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases_have_the_documented_results() {
        let min = i128::MIN as u128;
        let minus_one = u128::MAX;
        assert_eq!(apply(Op::DivI, min, minus_one), (min, true));
        assert_eq!(apply(Op::RemI, min, minus_one), (0, true));
        assert_eq!(apply(Op::DivU, 7, 0), (0, true));
        assert_eq!(apply(Op::MulU, u128::MAX, 2), (u128::MAX - 1, true));
        assert_eq!(apply(Op::MulI, minus_one, minus_one), (1, false));
        assert_eq!(apply(Op::Sar, min, 127), (minus_one, false));
        assert_eq!(
            apply(Op::WideningMul64, u128::MAX, u128::MAX),
            (u128::from(u64::MAX) * u128::from(u64::MAX), false)
        );
    }

    #[test]
    fn every_code_round_trips() {
        for (code, op) in Op::ALL.iter().enumerate() {
            assert_eq!(*op as usize, code);
            assert_eq!(Op::from_code(code as u8), Some(*op));
        }
        assert_eq!(Op::from_code(Op::ALL.len() as u8), None);
    }
}
