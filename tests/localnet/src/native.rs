//! Runs programs compiled for the host inside the SVM (the `--native` mode of the cluster).
//!
//! A native program is registered by its `entrypoint` symbol (what `entrypoint!`/Anchor's
//! `#[program]` export): the same function the SBF loader calls. Its accounts are the ones the
//! BPF upgradeable loader would own (Program + ProgramData, see `program.rs`), and the loader's
//! builtin is wrapped: an instruction for a registered native program runs here, everything else
//! (the loader's own instructions, SBF programs) goes to the real loader. For each instruction this
//! module
//! lays the accounts out in the loader's aligned input format, calls the entrypoint, and writes
//! lamports, data (including `realloc`) and owner back through the runtime's `BorrowedAccount`,
//! whose checks are the ones the loader applies. Syscalls the program makes arrive through
//! `solana_sysvar::program_stubs` (and `solana_msg`'s native logger, see programs/shims) and are
//! served from the current `InvokeContext`: logs, `sol_log_data`, CPI, sysvars, return data and
//! stack height. Compute units are not metered for native code.
//!
//! The program is built on anchor-lang 0.32 (solana 2.x crates) and the runtime on Agave 4.2: the
//! two meet here, by bytes — keys as 32-byte arrays, the instruction input in the loader's format,
//! errors as the loader's 64-bit return codes, sysvars as the memory the syscalls would write.

use crate::convert;
use anchor_lang::solana_program::{
    account_info::{AccountInfo, MAX_PERMITTED_DATA_INCREASE},
    entrypoint::ProgramResult,
    instruction::Instruction as ProgramInstruction,
    program_error::ProgramError as ProgramErrorV2,
    pubkey::Pubkey as ProgramPubkey,
};
use solana_instruction::error::InstructionError;
use solana_program_runtime::{
    invoke_context::InvokeContext,
    solana_sbpf::{declare_builtin_function, program::BuiltinFunctionDefinition},
    stable_log,
};
use solana_pubkey::Pubkey;
use solana_sysvar_v2::program_stubs::{set_syscall_stubs, SyscallStubs};
use solana_transaction_context::instruction_accounts::BorrowedInstructionAccount;
use std::{cell::RefCell, collections::HashMap, sync::OnceLock};

/// The exported entrypoint of a program: `extern "C" fn entrypoint(input: *mut u8) -> u64`.
pub type Entrypoint = unsafe extern "C" fn(*mut u8) -> u64;

const NON_DUP_MARKER: u8 = u8::MAX;
/// Compute units charged per native invocation (see `LoaderWithNativePrograms`).
pub const NATIVE_INVOCATION_UNITS: u64 = 1;
const ALIGN: usize = 8;

static PROGRAMS: OnceLock<HashMap<Pubkey, Entrypoint>> = OnceLock::new();

thread_local! {
    /// Invoke contexts of the native programs executing on this thread, innermost last.
    static CONTEXTS: RefCell<Vec<*mut InvokeContext<'static, 'static>>> = const { RefCell::new(Vec::new()) };
    /// The error of a failed CPI: on chain it aborts the transaction, so it wins over whatever
    /// the caller returns afterwards.
    static CPI_ABORT: RefCell<Option<InstructionError>> = const { RefCell::new(None) };
    /// Panic message of the native program being executed.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Registers the native programs and installs the syscall stubs before the SVM runs. Only the
/// first call of a process takes effect.
pub fn install(programs: &[(Pubkey, Entrypoint)]) {
    if PROGRAMS.set(programs.iter().copied().collect()).is_err() {
        return;
    }
    set_syscall_stubs(Box::new(HostStubs));
    stdout::init();
    solana_msg::set_native_logger(log_line);
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if current().is_some() {
            PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
        } else {
            default_hook(info);
        }
    }));
}

/// Makes the native programs registered with `install` run in `svm`: wraps the BPF upgradeable
/// loader, which owns their Program accounts (created by `program::deploy`).
pub fn wrap_loader(svm: &mut litesvm::LiteSVM) {
    svm.add_builtin(
        solana_sdk_ids::bpf_loader_upgradeable::id(),
        LoaderWithNativePrograms::register,
    );
}

/// Whether `program_id` was registered as a native program.
pub fn is_native(program_id: &Pubkey) -> bool {
    PROGRAMS.get().is_some_and(|p| p.contains_key(program_id))
}

declare_builtin_function!(
    /// The BPF upgradeable loader, except that registered native programs run natively.
    LoaderWithNativePrograms,
    fn rust(
        invoke_context: &mut InvokeContext<'static, 'static>,
        arg0: u64,
        arg1: u64,
        arg2: u64,
        arg3: u64,
        arg4: u64,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        let program_id = *invoke_context
            .transaction_context
            .get_current_instruction_context()?
            .get_program_key()?;
        if !is_native(&program_id) {
            return <solana_bpf_loader_program::Entrypoint as BuiltinFunctionDefinition<
                InvokeContext<'static, 'static>,
            >>::rust(invoke_context, arg0, arg1, arg2, arg3, arg4);
        }
        // Native code cannot be metered: each invocation is charged 1 unit, a token, not a
        // measurement (it also keeps the runtime's "builtins must consume" rule satisfied).
        invoke_context.compute_meter.consume_checked(NATIVE_INVOCATION_UNITS)?;
        execute(invoke_context).map(|()| 0).map_err(|e| Box::new(e) as _)
    }
);

/// Where one account sits in the serialized input.
struct Slot {
    instruction_account: u16,
    lamports: usize,
    data_len: usize,
    data: usize,
    owner: usize,
}

/// The loader's input region: 8-aligned, as the program's `deserialize` expects.
struct Input {
    words: Vec<u64>,
    slots: Vec<Slot>,
}

impl Input {
    fn bytes(&mut self) -> &mut [u8] {
        bytemuck_bytes(&mut self.words)
    }
    fn u64_at(&mut self, offset: usize) -> u64 {
        u64::from_le_bytes(self.bytes()[offset..offset + 8].try_into().unwrap())
    }
}

fn bytemuck_bytes(words: &mut [u64]) -> &mut [u8] {
    // SAFETY: u64 has no padding and any byte pattern is valid; the length covers the allocation.
    unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr().cast(), words.len() * 8) }
}

fn execute(ic: &mut InvokeContext<'static, 'static>) -> Result<(), InstructionError> {
    let program_id = current_program_id(ic)?;
    let entry = *PROGRAMS
        .get()
        .and_then(|p| p.get(&program_id))
        .ok_or(InstructionError::UnsupportedProgramId)?;
    let mut input = serialize(ic, &program_id)?;

    let ptr: *mut InvokeContext<'static, 'static> = ic;
    let outermost = CONTEXTS.with(|c| {
        let mut contexts = c.borrow_mut();
        contexts.push(ptr);
        contexts.len() == 1
    });
    if outermost {
        stdout::capture();
    }
    let base = input.bytes().as_mut_ptr();
    // SAFETY: `base` is the loader-format input built above, alive for the whole call.
    let outcome = std::panic::catch_unwind(|| unsafe { entry(base) });
    drain_stdout();
    CONTEXTS.with(|c| c.borrow_mut().pop());
    if outermost {
        stdout::release();
    }

    if let Some(err) = CPI_ABORT.with(|a| a.borrow_mut().take()) {
        return Err(err);
    }
    match outcome {
        Ok(0) => deserialize(ic, &mut input),
        Ok(code) => Err(InstructionError::from(code)),
        Err(_) => {
            let message = PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
            stable_log::program_log(&ic.get_log_collector(), &message);
            Err(InstructionError::ProgramFailedToComplete)
        }
    }
}

fn serialize(ic: &InvokeContext, program_id: &Pubkey) -> Result<Input, InstructionError> {
    let instruction = ic.transaction_context.get_current_instruction_context()?;
    let count = instruction.get_number_of_instruction_accounts();
    let mut out: Vec<u8> = Vec::new();
    let mut slots = Vec::new();
    out.extend_from_slice(&(count as u64).to_le_bytes());
    for index in 0..count {
        if let Some(first) = instruction.is_instruction_account_duplicate(index)? {
            out.push(first as u8);
            out.extend_from_slice(&[0u8; 7]);
            continue;
        }
        let account = instruction.try_borrow_instruction_account(index)?;
        out.push(NON_DUP_MARKER);
        out.push(account.is_signer() as u8);
        out.push(account.is_writable() as u8);
        #[allow(deprecated)] // the loader still serializes the flag
        out.push(account.is_executable() as u8);
        out.extend_from_slice(&[0u8; 4]);
        out.extend_from_slice(account.get_key().as_ref());
        let owner = out.len();
        out.extend_from_slice(account.get_owner().as_ref());
        let lamports = out.len();
        out.extend_from_slice(&account.get_lamports().to_le_bytes());
        let data_len = out.len();
        out.extend_from_slice(&(account.get_data().len() as u64).to_le_bytes());
        let data = out.len();
        out.extend_from_slice(account.get_data());
        out.resize(out.len() + MAX_PERMITTED_DATA_INCREASE, 0);
        out.resize(out.len().next_multiple_of(ALIGN), 0);
        out.extend_from_slice(&account.get_rent_epoch().to_le_bytes());
        slots.push(Slot {
            instruction_account: index,
            lamports,
            data_len,
            data,
            owner,
        });
    }
    let data = instruction.get_instruction_data();
    out.extend_from_slice(&(data.len() as u64).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(program_id.as_ref());

    let mut words = vec![0u64; out.len().div_ceil(8)];
    bytemuck_bytes(&mut words)[..out.len()].copy_from_slice(&out);
    Ok(Input { words, slots })
}

/// Applies what the program left in its input to the transaction's accounts.
fn deserialize(ic: &mut InvokeContext, input: &mut Input) -> Result<(), InstructionError> {
    let slots = std::mem::take(&mut input.slots);
    for slot in &slots {
        let lamports = input.u64_at(slot.lamports);
        let len = input.u64_at(slot.data_len) as usize;
        let bytes = input.bytes();
        let owner: [u8; 32] = bytes[slot.owner..slot.owner + 32].try_into().unwrap();
        let data = bytes
            .get(slot.data..slot.data + len)
            .ok_or(InstructionError::InvalidRealloc)?;
        let instruction = ic.transaction_context.get_current_instruction_context()?;
        let mut account = instruction.try_borrow_instruction_account(slot.instruction_account)?;
        apply(&mut account, lamports, &owner, data)?;
    }
    Ok(())
}

/// Writes lamports, data and owner, in the loader's order, only where they changed.
fn apply(
    account: &mut BorrowedInstructionAccount,
    lamports: u64,
    owner: &[u8; 32],
    data: &[u8],
) -> Result<(), InstructionError> {
    if account.get_lamports() != lamports {
        account.set_lamports(lamports)?;
    }
    if account.get_data() != data {
        account.can_data_be_resized(data.len())?;
        account.set_data_from_slice(data)?;
    }
    if account.get_owner().as_array() != owner {
        account.set_owner(owner)?;
    }
    Ok(())
}

fn current() -> Option<*mut InvokeContext<'static, 'static>> {
    CONTEXTS.with(|c| c.borrow().last().copied())
}

/// Runs `f` with the invoke context of the executing native program.
fn with_context<R>(f: impl FnOnce(&mut InvokeContext<'static, 'static>) -> R) -> Option<R> {
    // SAFETY: the pointer was pushed by `execute`, whose `&mut InvokeContext` is not used while
    // the program (and so this syscall) runs; it is popped before `execute` touches it again.
    current().map(|ptr| f(unsafe { &mut *ptr }))
}

/// On chain a failed CPI ends the transaction at once; natively the caller still runs until it
/// returns, and nothing it does after the failure may be observable.
fn aborted() -> bool {
    CPI_ABORT.with(|a| a.borrow().is_some())
}

/// Turns what native code printed to stdout since the last call into `Program log:` lines, in
/// order with everything else it logged. Upstream crates print where SBF code would make a
/// logging syscall (e.g. `Pubkey::log`, which Anchor uses in constraint errors).
fn drain_stdout() {
    for line in stdout::drain() {
        write_log(&line);
    }
}

fn log_line(message: &str) {
    drain_stdout();
    write_log(message);
}

fn write_log(message: &str) {
    if aborted() {
        return;
    }
    if with_context(|ic| stable_log::program_log(&ic.get_log_collector(), message)).is_none() {
        eprintln!("{message}");
    }
}

fn current_program_id(ic: &InvokeContext) -> Result<Pubkey, InstructionError> {
    Ok(*ic
        .transaction_context
        .get_current_instruction_context()?
        .get_program_key()?)
}

/// The index in the current instruction of the account with key `pubkey`.
fn instruction_account_index(ic: &InvokeContext, pubkey: &ProgramPubkey) -> Option<u16> {
    let tc = &*ic.transaction_context;
    let in_transaction = tc.find_index_of_account(&convert::key(pubkey))?;
    tc.get_current_instruction_context()
        .ok()?
        .get_index_of_account_in_instruction(in_transaction)
        .ok()
}

/// CPI from native code: publish the caller's account changes, run the callee in the runtime,
/// then show the callee's changes to the caller's `AccountInfo`s.
fn invoke(
    ic: &mut InvokeContext,
    instruction: &ProgramInstruction,
    infos: &[AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> Result<(), InstructionError> {
    sync_to_runtime(ic, infos)?;
    // PDAs are derived from the seeds with the caller's id, as the SBF CPI syscall does.
    ic.native_invoke_signed(convert::instruction(instruction), signers_seeds)?;
    sync_from_runtime(ic, infos)
}

fn sync_to_runtime(ic: &mut InvokeContext, infos: &[AccountInfo]) -> Result<(), InstructionError> {
    for info in infos.iter().filter(|i| i.is_writable) {
        let Some(index) = instruction_account_index(ic, info.key) else {
            continue;
        };
        let instruction = ic.transaction_context.get_current_instruction_context()?;
        let mut account = instruction.try_borrow_instruction_account(index)?;
        let lamports = **info
            .try_borrow_lamports()
            .map_err(|_| InstructionError::AccountBorrowFailed)?;
        let data = info
            .try_borrow_data()
            .map_err(|_| InstructionError::AccountBorrowFailed)?;
        apply(&mut account, lamports, &info.owner.to_bytes(), &data)?;
    }
    Ok(())
}

fn sync_from_runtime(
    ic: &mut InvokeContext,
    infos: &[AccountInfo],
) -> Result<(), InstructionError> {
    for info in infos {
        let Some(index) = instruction_account_index(ic, info.key) else {
            continue;
        };
        let instruction = ic.transaction_context.get_current_instruction_context()?;
        let account = instruction.try_borrow_instruction_account(index)?;
        **info
            .try_borrow_mut_lamports()
            .map_err(|_| InstructionError::AccountBorrowFailed)? = account.get_lamports();
        let owner = convert::program_key(account.get_owner());
        if *info.owner != owner {
            info.assign(&owner);
        }
        let mut data = info
            .try_borrow_mut_data()
            .map_err(|_| InstructionError::AccountBorrowFailed)?;
        let new = account.get_data();
        if data.len() != new.len() {
            // The input region has MAX_PERMITTED_DATA_INCREASE spare bytes after the data and the
            // serialized length 8 bytes before it, as on chain.
            let original_len_slot = unsafe { data.as_mut_ptr().sub(8) as *mut u64 };
            // SAFETY: both writes stay inside the account's region of the input buffer.
            unsafe {
                *original_len_slot = new.len() as u64;
                *data = std::slice::from_raw_parts_mut(data.as_mut_ptr(), new.len());
            }
        }
        data.copy_from_slice(new);
    }
    Ok(())
}

/// Writes a sysvar where the program asked for it, as the `sol_get_*_sysvar` syscalls do: the
/// runtime's struct, whose `repr(C)` layout is the program's (Clock, Rent, EpochSchedule, …).
fn write_sysvar<T: Clone>(
    var_addr: *mut u8,
    get: impl FnOnce(
        &solana_program_runtime::sysvar_cache::SysvarCache,
    ) -> Result<std::sync::Arc<T>, InstructionError>,
) -> u64 {
    with_context(|ic| match get(ic.environment_config.sysvar_cache()) {
        Ok(value) => {
            // SAFETY: the program passes a pointer to a `T` it owns.
            unsafe { std::ptr::write_unaligned(var_addr as *mut T, (*value).clone()) };
            0
        }
        Err(err) => error_code(err),
    })
    .unwrap_or(error_code(InstructionError::UnsupportedSysvar))
}

/// The return code a syscall gives a program for `err`.
fn error_code(err: InstructionError) -> u64 {
    solana_program_error::ProgramError::try_from(err)
        .map(u64::from)
        .unwrap_or(u64::MAX)
}

/// The error a failed CPI returns to the program: the loader's code for `err`.
fn program_error(err: &InstructionError) -> ProgramErrorV2 {
    match solana_program_error::ProgramError::try_from(err.clone()) {
        Ok(known) => ProgramErrorV2::from(u64::from(known)),
        Err(_) => ProgramErrorV2::Custom(u32::MAX),
    }
}

struct HostStubs;

impl SyscallStubs for HostStubs {
    fn sol_log(&self, message: &str) {
        log_line(message);
    }

    fn sol_log_data(&self, fields: &[&[u8]]) {
        drain_stdout();
        if aborted() {
            return;
        }
        if with_context(|ic| stable_log::program_data(&ic.get_log_collector(), fields)).is_none() {
            eprintln!("Program data (outside a transaction): {fields:?}");
        }
    }

    fn sol_invoke_signed(
        &self,
        instruction: &ProgramInstruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        drain_stdout();
        let result = with_context(|ic| invoke(ic, instruction, account_infos, signers_seeds))
            .unwrap_or(Err(InstructionError::UnsupportedProgramId));
        result.map_err(|err| {
            let program_error = program_error(&err);
            CPI_ABORT.with(|a| *a.borrow_mut() = Some(err));
            program_error
        })
    }

    fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
        write_sysvar(var_addr, |cache| cache.get_clock())
    }

    fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
        write_sysvar(var_addr, |cache| cache.get_rent())
    }

    fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
        write_sysvar(var_addr, |cache| cache.get_epoch_schedule())
    }

    fn sol_get_epoch_rewards_sysvar(&self, var_addr: *mut u8) -> u64 {
        write_sysvar(var_addr, |cache| cache.get_epoch_rewards())
    }

    fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
        write_sysvar(var_addr, |cache| cache.get_last_restart_slot())
    }

    fn sol_get_sysvar(
        &self,
        sysvar_id_addr: *const u8,
        var_addr: *mut u8,
        offset: u64,
        length: u64,
    ) -> u64 {
        // SAFETY: the program passes a pointer to a 32-byte sysvar id.
        let id = unsafe { Pubkey::new_from_array(*(sysvar_id_addr as *const [u8; 32])) };
        with_context(|ic| {
            let Some(buf) = ic
                .environment_config
                .sysvar_cache()
                .sysvar_id_to_buffer(&id)
            else {
                return 2; // SYSVAR_NOT_FOUND
            };
            let (start, len) = (offset as usize, length as usize);
            let Some(bytes) = start.checked_add(len).and_then(|end| buf.get(start..end)) else {
                return 1; // OFFSET_LENGTH_EXCEEDS_SYSVAR
            };
            // SAFETY: the program passes a buffer of at least `length` bytes.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), var_addr, len) };
            0
        })
        .unwrap_or(2)
    }

    fn sol_get_stack_height(&self) -> u64 {
        with_context(|ic| ic.get_stack_height() as u64).unwrap_or(0)
    }

    fn sol_set_return_data(&self, data: &[u8]) {
        with_context(|ic| {
            let program_id = current_program_id(ic)?;
            ic.transaction_context
                .set_return_data(program_id, data.to_vec())
        });
    }

    fn sol_get_return_data(&self) -> Option<(ProgramPubkey, Vec<u8>)> {
        with_context(|ic| {
            let (program_id, data) = ic.transaction_context.get_return_data();
            (!data.is_empty()).then(|| (convert::program_key(program_id), data.to_vec()))
        })
        .flatten()
    }
}

/// Redirection of the process's stdout (fd 1) into an in-memory file while native code runs.
mod stdout {
    use std::io::Write;
    use std::sync::OnceLock;

    struct Fds {
        capture: libc::c_int,
        saved: libc::c_int,
    }

    static FDS: OnceLock<Fds> = OnceLock::new();

    pub fn init() {
        FDS.get_or_init(|| {
            // SAFETY: plain fd syscalls on descriptors this module owns.
            unsafe {
                let capture =
                    libc::memfd_create(c"native-program-stdout".as_ptr(), libc::MFD_CLOEXEC);
                let saved = libc::dup(1);
                assert!(capture >= 0 && saved >= 0, "cannot set up stdout capture");
                Fds { capture, saved }
            }
        });
    }

    pub fn capture() {
        let Some(fds) = FDS.get() else { return };
        let _ = std::io::stdout().flush();
        // SAFETY: fd 1 now refers to the capture file until `release`.
        unsafe { libc::dup2(fds.capture, 1) };
    }

    pub fn release() {
        let Some(fds) = FDS.get() else { return };
        let _ = std::io::stdout().flush();
        // SAFETY: restores the original stdout saved in `init`.
        unsafe { libc::dup2(fds.saved, 1) };
    }

    /// Lines printed since the last drain.
    pub fn drain() -> Vec<String> {
        let Some(fds) = FDS.get() else { return vec![] };
        let _ = std::io::stdout().flush();
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        let mut offset = 0;
        loop {
            // SAFETY: reads into a local buffer of the given length.
            let n = unsafe {
                libc::pread(
                    fds.capture,
                    chunk.as_mut_ptr().cast(),
                    chunk.len(),
                    offset as libc::off_t,
                )
            };
            if n <= 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n as usize]);
            offset += n as usize;
        }
        if bytes.is_empty() {
            return vec![];
        }
        // SAFETY: empties the capture file and rewinds the shared offset.
        unsafe {
            libc::ftruncate(fds.capture, 0);
            libc::lseek(fds.capture, 0, libc::SEEK_SET);
        }
        String::from_utf8_lossy(&bytes)
            .lines()
            .map(str::to_owned)
            .collect()
    }
}
