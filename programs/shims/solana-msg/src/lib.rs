//! `msg!` and `sol_log` with the API of `solana-msg` 2.2. On SBF they call the `sol_log_` syscall.
//! On the host they call the logger a native runtime installed with [`set_native_logger`] (the
//! local cluster writes the line into the executing transaction's logs), or print to stdout as
//! upstream does when none is installed. (`solana_sysvar::program_stubs` cannot be used here:
//! solana-sysvar itself depends on this crate.)

/// Logs a message, formatting it like `format!` when given more than one argument.
#[macro_export]
macro_rules! msg {
    ($msg:expr) => {
        $crate::sol_log($msg)
    };
    ($($arg:tt)*) => {
        $crate::sol_log(&format!($($arg)*))
    };
}

/// The raw syscalls, as upstream exposes them on SBF.
#[cfg(target_os = "solana")]
pub mod syscalls {
    pub use solana_define_syscall::definitions::{
        sol_log_, sol_log_64_, sol_log_compute_units_, sol_log_data,
    };
}

/// Writes `message` to the program log (`Program log: <message>`).
#[inline]
pub fn sol_log(message: &str) {
    #[cfg(target_os = "solana")]
    // SAFETY: the pointer and length describe a live UTF-8 slice for the whole call.
    unsafe {
        syscalls::sol_log_(message.as_ptr(), message.len() as u64);
    }
    #[cfg(not(target_os = "solana"))]
    match NATIVE_LOGGER.get() {
        Some(logger) => logger(message),
        None => println!("{message}"),
    }
}

#[cfg(not(target_os = "solana"))]
static NATIVE_LOGGER: std::sync::OnceLock<fn(&str)> = std::sync::OnceLock::new();

/// Host only: routes every `sol_log`/`msg!` of this process to `logger`. The first call wins;
/// returns whether `logger` was installed.
#[cfg(not(target_os = "solana"))]
pub fn set_native_logger(logger: fn(&str)) -> bool {
    NATIVE_LOGGER.set(logger).is_ok()
}
