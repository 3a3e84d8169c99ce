//! Build fixture for the SBF stack-frame check (`.ci/sbf/link.sh`): [`oversized_frame`] keeps a
//! 6,000-byte array on its stack, over SBF's 4,096 bytes per frame, so
//! `npm run build:sbf -- -p sbf-stack-fixture` must fail and name it
//! (`tests/sbf.stack-frames.test.ts`). Natively it is an ordinary function.

/// Sums a 6,000-byte buffer filled from `seed`; the buffer lives on the stack.
#[inline(never)]
pub fn oversized_frame(seed: u8) -> u64 {
    let mut buf = [0u8; 6000];
    for (i, b) in buf.iter_mut().enumerate() {
        *b = seed.wrapping_add(i as u8);
    }
    core::hint::black_box(&mut buf);
    buf.iter().map(|&b| u64::from(b)).sum()
}

/// The SBF entrypoint: keeps [`oversized_frame`] in the program (the linker drops what the
/// entrypoint cannot reach). Returns its result as the program's exit code.
///
/// # Safety
/// Called by the SBF loader with its serialized input.
#[cfg(target_os = "solana")]
#[no_mangle]
pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
    oversized_frame(*input)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sums_the_buffer() {
        // 6,000 bytes cycle through 0..=255: 23 full cycles (23 * 32,640) plus 0..=111.
        assert_eq!(super::oversized_frame(0), 23 * 32_640 + 111 * 112 / 2);
    }
}
