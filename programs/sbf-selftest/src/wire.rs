//! The instruction and return-data layout, shared by the SBF entrypoint and the native tests.

use crate::ops::{apply, Op};

/// `op (u8) ++ a (u128 LE) ++ b (u128 LE)`.
pub const RECORD_LEN: usize = 33;
/// `value (u128 LE) ++ flag (u8)`.
pub const RESULT_LEN: usize = 17;
/// Return data holds at most 1,024 bytes.
pub const MAX_RECORDS: usize = 1024 / RESULT_LEN;

/// Why a batch was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum WireError {
    /// Not a whole number of records, none, or more than [`MAX_RECORDS`].
    BadLength,
    /// An op code [`Op::from_code`] does not know.
    UnknownOp(u8),
}

/// Runs every record of `data` and writes the results to `out` (which must hold
/// `RESULT_LEN` bytes per record); returns the number of bytes written.
pub fn run_records(data: &[u8], out: &mut [u8]) -> Result<usize, WireError> {
    let count = data.len() / RECORD_LEN;
    if data.is_empty() || !data.len().is_multiple_of(RECORD_LEN) || count > MAX_RECORDS {
        return Err(WireError::BadLength);
    }
    for (record, result) in data
        .chunks_exact(RECORD_LEN)
        .zip(out.chunks_exact_mut(RESULT_LEN))
    {
        let op = Op::from_code(record[0]).ok_or(WireError::UnknownOp(record[0]))?;
        let (value, flag) = apply(op, read_u128(&record[1..17]), read_u128(&record[17..33]));
        result[..16].copy_from_slice(&value.to_le_bytes());
        result[16] = u8::from(flag);
    }
    Ok(count * RESULT_LEN)
}

fn read_u128(bytes: &[u8]) -> u128 {
    let mut le = [0u8; 16];
    le.copy_from_slice(bytes);
    u128::from_le_bytes(le)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(op: Op, a: u128, b: u128) -> Vec<u8> {
        let mut r = vec![op as u8];
        r.extend_from_slice(&a.to_le_bytes());
        r.extend_from_slice(&b.to_le_bytes());
        r
    }

    #[test]
    fn records_are_run_in_order() {
        let mut data = record(Op::MulU, 6, 7);
        data.extend(record(Op::DivU, 1, 0));
        let mut out = [0u8; 2 * RESULT_LEN];
        assert_eq!(run_records(&data, &mut out), Ok(2 * RESULT_LEN));
        assert_eq!(out[0], 42);
        assert_eq!(out[16], 0);
        assert_eq!(out[RESULT_LEN + 16], 1);
    }

    #[test]
    fn bad_batches_are_refused() {
        let mut out = [0u8; 1024];
        assert_eq!(run_records(&[], &mut out), Err(WireError::BadLength));
        assert_eq!(run_records(&[0; 34], &mut out), Err(WireError::BadLength));
        let too_many = vec![0u8; RECORD_LEN * (MAX_RECORDS + 1)];
        assert_eq!(run_records(&too_many, &mut out), Err(WireError::BadLength));
        assert_eq!(
            run_records(
                &record(Op::MulU, 0, 0)[..]
                    .iter()
                    .map(|_| 99)
                    .collect::<Vec<_>>(),
                &mut out
            ),
            Err(WireError::UnknownOp(99))
        );
    }
}
