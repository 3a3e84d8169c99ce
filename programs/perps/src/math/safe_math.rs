//! Checked arithmetic that reports where it failed (after drift-labs `math/safe_math.rs`).
//! `#[track_caller]` makes the logged location the caller's line, not this file's.

use crate::errors::PerpsError;
use anchor_lang::prelude::*;

#[track_caller]
#[inline(never)]
fn overflow() -> Error {
    let at = core::panic::Location::caller();
    msg!("math overflow at {}:{}", at.file(), at.line());
    PerpsError::MathOverflow.into()
}

pub trait SafeMath: Sized {
    fn safe_add(self, rhs: Self) -> Result<Self>;
    fn safe_sub(self, rhs: Self) -> Result<Self>;
    fn safe_mul(self, rhs: Self) -> Result<Self>;
    /// Division rounded toward zero; error on a zero divisor.
    fn safe_div(self, rhs: Self) -> Result<Self>;
    /// Division rounded up (for non-negative operands); error on a zero divisor.
    fn safe_div_ceil(self, rhs: Self) -> Result<Self>;
}

macro_rules! impl_safe_math {
    ($($t:ty),*) => {$(
        impl SafeMath for $t {
            #[track_caller]
            #[inline(always)]
            fn safe_add(self, rhs: Self) -> Result<Self> {
                self.checked_add(rhs).ok_or_else(overflow)
            }
            #[track_caller]
            #[inline(always)]
            fn safe_sub(self, rhs: Self) -> Result<Self> {
                self.checked_sub(rhs).ok_or_else(overflow)
            }
            #[track_caller]
            #[inline(always)]
            fn safe_mul(self, rhs: Self) -> Result<Self> {
                self.checked_mul(rhs).ok_or_else(overflow)
            }
            #[track_caller]
            #[inline(always)]
            fn safe_div(self, rhs: Self) -> Result<Self> {
                self.checked_div(rhs).ok_or_else(overflow)
            }
            #[track_caller]
            #[inline(always)]
            fn safe_div_ceil(self, rhs: Self) -> Result<Self> {
                let q = self.checked_div(rhs).ok_or_else(overflow)?;
                let r = self.checked_rem(rhs).ok_or_else(overflow)?;
                if r == 0 { Ok(q) } else { q.checked_add(1).ok_or_else(overflow) }
            }
        }
    )*};
}
impl_safe_math!(u16, u32, u64, u128, i64, i128);

/// Checked integer conversion (`MathOverflow` when the value does not fit).
pub trait Cast: Sized {
    #[track_caller]
    #[inline(always)]
    fn cast<T: TryFrom<Self>>(self) -> Result<T> {
        T::try_from(self).map_err(|_| overflow())
    }
}
impl Cast for u16 {}
impl Cast for u32 {}
impl Cast for u64 {}
impl Cast for u128 {}
impl Cast for i64 {}
impl Cast for i128 {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_ops_error_instead_of_panicking() {
        assert!(u64::MAX.safe_add(1).is_err());
        assert!(0u64.safe_sub(1).is_err());
        assert!(u64::MAX.safe_mul(2).is_err());
        assert!(1u64.safe_div(0).is_err());
        assert!(1u64.safe_div_ceil(0).is_err());
        assert!(i64::MIN.safe_div(-1).is_err());
        assert_eq!(7u64.safe_div_ceil(2).unwrap(), 4);
        assert_eq!(6u64.safe_div_ceil(2).unwrap(), 3);
        assert_eq!(0u64.safe_div_ceil(5).unwrap(), 0);
        assert!((-1i64).cast::<u64>().is_err());
        assert_eq!(5u128.cast::<u64>().unwrap(), 5);
    }
}
