//! How the cluster deploys the perps program: as `solana-test-validator --upgradeable-program
//! <id> <so> <authority>` does, a Program account owned by the BPF upgradeable loader that points
//! to its ProgramData account (deployment slot, upgrade authority, ELF). The loader's own
//! instructions (`Upgrade`, `SetAuthority`, `Close`, …) work on them as on a real cluster.
//!
//! Two ways to execute the program behind those accounts:
//! - **SBF** (the default): the `.so` from `npm run build:sbf` runs in the runtime's SBF VM
//!   (solana-sbpf, metered, the loader's checks), exactly what a validator runs.
//! - **Native** (`--native`): the same crate compiled for the host runs through `native.rs`; the
//!   ProgramData account has the same header and no ELF.

use crate::native;
use litesvm::LiteSVM;
use solana_account::Account;
use solana_keypair::Keypair;
use solana_loader_v3_interface::state::UpgradeableLoaderState;
use solana_pubkey::Pubkey;
use solana_sdk_ids::bpf_loader_upgradeable;
use solana_signer::Signer;
use std::path::{Path, PathBuf};

/// The perps program's id, as the runtime's key type.
pub const PROGRAM_ID: Pubkey = Pubkey::new_from_array(perps::ID.to_bytes());

/// The upgrade authority used when none is given: the public key of
/// `tests/fixtures/upgrade-authority-keypair.json` (local clusters only, never a real one).
pub const DEFAULT_UPGRADE_AUTHORITY: Pubkey =
    solana_pubkey::pubkey!("6DVxBrWyTJqEpjLXyCeaWQV6XuG2MkTPWVpyc64WNtPZ");

/// The workspace this binary was built from (program `.so` and fixtures are found from here).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where `npm run build:sbf` (and `anchor build`) put the program.
pub fn default_program_so() -> PathBuf {
    workspace_root().join("target/deploy/perps.so")
}

/// How the program executes.
pub enum Execution {
    /// The SBF ELF, run by the BPF upgradeable loader.
    Sbf(Vec<u8>),
    /// The crate compiled for the host (see `native.rs`).
    Native,
}

impl Execution {
    /// Reads the `.so` at `path`, with an error that says how to build it.
    pub fn sbf_from_file(path: &Path) -> Result<Self, String> {
        match std::fs::read(path) {
            Ok(elf) => Ok(Self::Sbf(elf)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
                "the program is not built: {} does not exist; run `npm run build:sbf` \
                 (or pass --program-so PATH, or --native to run the program compiled for the host)",
                path.display()
            )),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }
}

/// The program as a cluster starts with it.
pub struct Deployment {
    pub program_id: Pubkey,
    pub execution: Execution,
    /// `None`: immutable (as `--upgrade-authority none`).
    pub upgrade_authority: Option<Pubkey>,
}

impl Deployment {
    /// The perps program, native, with the default authority: what the Rust tests use.
    pub fn native_perps() -> Self {
        native::install(&[(PROGRAM_ID, perps::entrypoint)]);
        Self {
            program_id: PROGRAM_ID,
            execution: Execution::Native,
            upgrade_authority: Some(DEFAULT_UPGRADE_AUTHORITY),
        }
    }

    /// The perps program from its `.so`, with the default authority.
    pub fn sbf_perps(path: &Path) -> Result<Self, String> {
        Ok(Self {
            program_id: PROGRAM_ID,
            execution: Execution::sbf_from_file(path)?,
            upgrade_authority: Some(DEFAULT_UPGRADE_AUTHORITY),
        })
    }

    pub fn is_native(&self) -> bool {
        matches!(self.execution, Execution::Native)
    }
}

/// Parses `--upgrade-authority`: a base58 public key, a keypair file (JSON array of 64 bytes, as
/// `solana-keygen` writes), or `none`.
pub fn parse_upgrade_authority(text: &str) -> Result<Option<Pubkey>, String> {
    if text == "none" {
        return Ok(None);
    }
    if let Ok(pubkey) = text.parse::<Pubkey>() {
        return Ok(Some(pubkey));
    }
    let json = std::fs::read_to_string(text)
        .map_err(|e| format!("{text} is neither a public key nor a readable keypair file: {e}"))?;
    let bytes: Vec<u8> = serde_json::from_str(&json)
        .map_err(|e| format!("{text}: not a keypair file (JSON array of 64 bytes): {e}"))?;
    let keypair = Keypair::try_from(bytes.as_slice())
        .map_err(|e| format!("{text}: not a valid keypair: {e}"))?;
    Ok(Some(keypair.pubkey()))
}

/// The ProgramData address of `program_id` under the upgradeable loader.
pub fn programdata_address(program_id: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[program_id.as_ref()], &bpf_loader_upgradeable::id()).0
}

/// Creates the Program and ProgramData accounts and makes the program executable.
pub fn deploy(svm: &mut LiteSVM, deployment: &Deployment) -> Result<(), String> {
    let id = deployment.program_id;
    let elf: &[u8] = match &deployment.execution {
        Execution::Sbf(elf) => {
            // Verifies and loads the ELF (as a deploy would), and writes both accounts.
            svm.add_program(id, elf)
                .map_err(|e| format!("the runtime refused the program's ELF: {e}"))?;
            elf
        }
        Execution::Native => {
            native::wrap_loader(svm);
            &[]
        }
    };
    let programdata = programdata_address(&id);
    let header = UpgradeableLoaderState::ProgramData {
        slot: svm.get_sysvar::<solana_clock::Clock>().slot,
        upgrade_authority_address: deployment.upgrade_authority,
    };
    let mut data = bincode::serialize(&header).expect("ProgramData header");
    data.resize(UpgradeableLoaderState::size_of_programdata_metadata(), 0);
    data.extend_from_slice(elf);
    if !deployment.is_native() {
        // `add_program` wrote both accounts and loaded the ELF; only the header changes.
        return set(svm, programdata, loader_account(svm, data, false));
    }
    // Natively the Program account goes first: without its ProgramData the runtime caches a
    // closed program for it instead of trying to load an ELF (the wrapped loader runs it).
    let program = bincode::serialize(&UpgradeableLoaderState::Program {
        programdata_address: programdata,
    })
    .expect("Program state");
    set(svm, id, loader_account(svm, program, true))?;
    set(svm, programdata, loader_account(svm, data, false))
}

fn set(svm: &mut LiteSVM, address: Pubkey, account: Account) -> Result<(), String> {
    svm.set_account(address, account)
        .map_err(|e| format!("cannot create {address}: {e}"))
}

fn loader_account(svm: &LiteSVM, data: Vec<u8>, executable: bool) -> Account {
    Account {
        lamports: svm.minimum_balance_for_rent_exemption(data.len()),
        data,
        owner: bpf_loader_upgradeable::id(),
        executable,
        rent_epoch: 0,
    }
}
