//! The chain: one LiteSVM instance plus what a validator keeps around it — slots that advance on
//! a timer, a blockhash queue, commitment levels, transaction history and the notifications the
//! PubSub side turns into subscriptions.
//!
//! Account state is the working bank's at every commitment level; commitment decides which slots,
//! signature statuses and transactions a request sees and when notifications fire.

use crate::program::{self, Deployment};
use litesvm::{types::TransactionMetadata, LiteSVM};
use solana_account::{AccountSharedData, ReadableAccount};
use solana_clock::{Clock, Slot};
use solana_commitment_config::CommitmentLevel;
use solana_epoch_schedule::EpochSchedule;
use solana_hash::Hash;
use solana_keypair::Keypair;
use solana_message::inner_instruction::InnerInstructionsList;
use solana_pubkey::Pubkey;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction_context::transaction::TransactionReturnData;
use solana_transaction_error::TransactionError;
use std::{
    collections::{HashMap, VecDeque},
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};
use tokio::sync::broadcast;

/// A blockhash stays valid for this many blocks after its own on a validator (Agave's
/// `MAX_PROCESSING_AGE`); `Config::max_blockhash_age` can make it longer for short test slots.
pub const MAX_PROCESSING_AGE: u64 = 150;
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;
const FAUCET_LAMPORTS: u64 = 500_000_000 * 1_000_000_000;

#[derive(Clone, Debug)]
pub struct Config {
    pub log_bytes_limit: Option<usize>,
    pub finality_depth: u64,
    /// Blocks a blockhash stays valid after its own (`MAX_PROCESSING_AGE` on a validator).
    pub max_blockhash_age: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            log_bytes_limit: Some(10_000),
            finality_depth: 32,
            max_blockhash_age: MAX_PROCESSING_AGE,
        }
    }
}

/// One executed transaction, as `getTransaction` and friends report it.
#[derive(Debug)]
pub struct TxRecord {
    pub signature: Signature,
    pub slot: Slot,
    pub block_time: i64,
    pub transaction: VersionedTransaction,
    pub status: Result<(), TransactionError>,
    pub fee: u64,
    pub pre_balances: Vec<u64>,
    pub post_balances: Vec<u64>,
    pub logs: Vec<String>,
    pub inner_instructions: InnerInstructionsList,
    pub return_data: TransactionReturnData,
    pub compute_units_consumed: u64,
    /// State after the transaction of the accounts it could write.
    pub written_accounts: Vec<(Pubkey, AccountSharedData)>,
}

impl TxRecord {
    pub fn account_keys(&self) -> &[Pubkey] {
        self.transaction.message.static_account_keys()
    }
}

#[derive(Clone, Copy, Debug)]
struct BlockEntry {
    hash: Hash,
    slot: Slot,
    height: u64,
}

/// What subscriptions are fed with.
#[derive(Clone, Debug)]
pub enum Notification {
    /// A new working slot started.
    Slot {
        slot: Slot,
        parent: Slot,
        root: Slot,
    },
    /// A transaction reached `commitment`.
    Transaction {
        commitment: CommitmentLevel,
        record: Arc<TxRecord>,
    },
    /// Test control: every PubSub connection should close.
    DropConnections,
}

/// The result of submitting a transaction.
pub enum Submitted {
    Executed(Arc<TxRecord>),
    /// Rejected before execution (sanitize, blockhash, signature, duplicate): not recorded.
    Rejected(TransactionError),
}

pub struct Bank {
    pub svm: LiteSVM,
    config: Config,
    pub genesis_hash: Hash,
    slot: Slot,
    /// Blocks produced: one per slot entered (a warp produces one block, as in Agave).
    block_height: u64,
    /// Recent blocks, oldest first: the blockhash queue.
    blockhashes: VecDeque<BlockEntry>,
    /// Every block produced, oldest first, kept for the life of the process like the
    /// transactions, so `getBlock` serves every slot `getFirstAvailableBlock` (0) promises.
    blocks: Vec<BlockEntry>,
    /// Difference between the cluster clock and the wall clock (set by `localnet_setClock`).
    clock_offset_secs: i64,
    faucet: Keypair,
    history: Vec<Arc<TxRecord>>,
    by_signature: HashMap<Signature, usize>,
    by_address: HashMap<Pubkey, Vec<usize>>,
    /// How many transactions of `history` were announced as confirmed / finalized.
    announced: [usize; 2],
    transaction_count: u64,
    /// Cluster time of every slot entered.
    block_times: VecDeque<(Slot, i64)>,
    pub notifications: broadcast::Sender<Notification>,
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

impl Bank {
    /// A fresh chain with `deployment`'s program (see `program::deploy`); fails if the runtime
    /// refuses the program.
    pub fn new(config: Config, deployment: &Deployment) -> Result<Self, String> {
        let mut svm = LiteSVM::new()
            .with_sigverify(false)
            .with_blockhash_check(false)
            .with_transaction_history(0)
            .with_log_bytes_limit(config.log_bytes_limit);
        let faucet = Keypair::new();
        svm.airdrop(&faucet.pubkey(), 0).ok();
        svm.set_account(
            faucet.pubkey(),
            solana_account::Account {
                lamports: FAUCET_LAMPORTS,
                ..Default::default()
            },
        )
        .expect("faucet account");
        // A fresh ledger every run, like `solana-test-validator --reset`.
        let genesis_hash = Hash::new_from_array(Keypair::new().pubkey().to_bytes());
        let (notifications, _) = broadcast::channel(16_384);
        let mut bank = Self {
            svm,
            config,
            genesis_hash,
            slot: 0,
            block_height: 0,
            blockhashes: VecDeque::new(),
            blocks: Vec::new(),
            clock_offset_secs: 0,
            faucet,
            history: Vec::new(),
            by_signature: HashMap::new(),
            by_address: HashMap::new(),
            announced: [0, 0],
            transaction_count: 0,
            block_times: VecDeque::new(),
            notifications,
        };
        bank.enter_slot(0);
        // Deployed at genesis (slot 0), as `solana-test-validator` deploys its programs.
        program::deploy(&mut bank.svm, deployment)?;
        Ok(bank)
    }

    pub fn faucet(&self) -> &Keypair {
        &self.faucet
    }

    pub fn epoch_schedule(&self) -> EpochSchedule {
        self.svm.get_sysvar::<EpochSchedule>()
    }

    pub fn clock(&self) -> Clock {
        self.svm.get_sysvar::<Clock>()
    }

    pub fn transaction_count(&self) -> u64 {
        self.transaction_count
    }

    fn depth(&self, level: CommitmentLevel) -> u64 {
        match level {
            CommitmentLevel::Processed => 0,
            CommitmentLevel::Confirmed => 1,
            CommitmentLevel::Finalized => self.config.finality_depth,
        }
    }

    /// Whether `slot` has reached `level`: confirmed once the next slot started, finalized
    /// `finality_depth` slots later.
    pub fn has_reached(&self, slot: Slot, level: CommitmentLevel) -> bool {
        slot + self.depth(level) <= self.slot
    }

    /// The newest slot visible at `commitment` (0 while none has reached it yet).
    pub fn slot_at(&self, commitment: CommitmentLevel) -> Slot {
        self.slot.saturating_sub(self.depth(commitment))
    }

    /// Block height at `commitment`: blocks, not slots, so a warp adds one.
    pub fn block_height_at(&self, commitment: CommitmentLevel) -> u64 {
        self.block_height.saturating_sub(self.depth(commitment))
    }

    /// The newest blockhash visible at `commitment`, with its last valid block height. A
    /// blockhash stays valid for `max_blockhash_age` blocks after its own, as in Agave's
    /// blockhash queue.
    pub fn latest_blockhash(&self, commitment: CommitmentLevel) -> (Hash, u64) {
        let visible = self.block_height_at(commitment);
        let entry = self
            .blockhashes
            .iter()
            .rev()
            .find(|b| b.height <= visible)
            .or(self.blockhashes.front())
            .copied()
            .expect("at least one blockhash");
        (entry.hash, entry.height + self.config.max_blockhash_age)
    }

    pub fn is_blockhash_valid(&self, hash: &Hash) -> bool {
        self.blockhashes.iter().any(|b| {
            b.hash == *hash && b.height + self.config.max_blockhash_age >= self.block_height
        })
    }

    /// Advances to the next slot: new clock and blockhash, commitment notifications.
    pub fn tick(&mut self) {
        self.enter_slot(self.slot + 1);
    }

    /// Test control: jumps to `slot` (must be ahead).
    pub fn warp(&mut self, slot: Slot) -> Result<Slot, String> {
        if slot <= self.slot {
            return Err(format!(
                "slot {slot} is not after the current slot {}",
                self.slot
            ));
        }
        self.enter_slot(slot);
        Ok(self.slot)
    }

    /// Test control: moves the cluster clock so that it reads `unix_timestamp` now.
    pub fn set_unix_timestamp(&mut self, unix_timestamp: i64) -> Clock {
        self.clock_offset_secs = unix_timestamp - now_secs();
        let mut clock = self.clock();
        clock.unix_timestamp = unix_timestamp;
        self.svm.set_sysvar(&clock);
        clock
    }

    fn enter_slot(&mut self, slot: Slot) {
        let parent = self.slot;
        self.slot = slot;
        let schedule = self.epoch_schedule();
        let (epoch, _) = schedule.get_epoch_and_slot_index(slot);
        let mut clock = self.clock();
        clock.slot = slot;
        clock.epoch = epoch;
        clock.leader_schedule_epoch = schedule.get_leader_schedule_epoch(slot);
        clock.unix_timestamp = now_secs() + self.clock_offset_secs;
        self.svm.set_sysvar(&clock);
        self.block_times.push_back((slot, clock.unix_timestamp));
        if slot > 0 {
            self.svm.expire_blockhash();
            self.block_height += 1;
        }
        let entry = BlockEntry {
            hash: self.svm.latest_blockhash(),
            slot,
            height: self.block_height,
        };
        self.blocks.push(entry);
        self.blockhashes.push_back(entry);
        while self.blockhashes.len() > 2 * self.config.max_blockhash_age as usize {
            self.blockhashes.pop_front();
        }
        let root = self.slot_at(CommitmentLevel::Finalized);
        self.notify(Notification::Slot { slot, parent, root });
        self.announce(CommitmentLevel::Confirmed);
        self.announce(CommitmentLevel::Finalized);
    }

    /// Announces the transactions that reached `level` since the last announcement.
    fn announce(&mut self, level: CommitmentLevel) {
        let slot_index = (rank(level) - 1) as usize;
        let from = self.announced[slot_index];
        let records: Vec<Arc<TxRecord>> = self.history[from..]
            .iter()
            .take_while(|r| self.has_reached(r.slot, level))
            .cloned()
            .collect();
        self.announced[slot_index] = from + records.len();
        for record in records {
            self.notify(Notification::Transaction {
                commitment: level,
                record,
            });
        }
    }

    fn notify(&self, notification: Notification) {
        // No receiver is fine: nobody subscribed.
        let _ = self.notifications.send(notification);
    }

    /// Signature status as `getSignatureStatuses` reports it.
    pub fn status(&self, signature: &Signature) -> Option<(Arc<TxRecord>, CommitmentLevel)> {
        let record = self
            .history
            .get(*self.by_signature.get(signature)?)?
            .clone();
        let level = [CommitmentLevel::Finalized, CommitmentLevel::Confirmed]
            .into_iter()
            .find(|level| self.has_reached(record.slot, *level))
            .unwrap_or(CommitmentLevel::Processed);
        Some((record, level))
    }

    /// The transaction if it is visible at `commitment`.
    pub fn transaction(
        &self,
        signature: &Signature,
        commitment: CommitmentLevel,
    ) -> Option<Arc<TxRecord>> {
        let (record, level) = self.status(signature)?;
        visible(level, commitment).then_some(record)
    }

    /// Transactions mentioning `address`, newest first, visible at `commitment`.
    pub fn signatures_for_address(
        &self,
        address: &Pubkey,
        commitment: CommitmentLevel,
    ) -> impl Iterator<Item = &Arc<TxRecord>> {
        self.by_address
            .get(address)
            .into_iter()
            .flat_map(|v| v.iter().rev())
            .map(|i| &self.history[*i])
            .filter(move |r| self.has_reached(r.slot, commitment))
    }

    /// The position of `record` among the transactions of its block.
    pub fn index_in_block(&self, record: &TxRecord) -> u32 {
        self.block(record.slot)
            .iter()
            .position(|r| r.signature == record.signature)
            .unwrap_or_default() as u32
    }

    /// Cluster time when `slot` was produced.
    pub fn block_time(&self, slot: Slot) -> Option<i64> {
        let i = self.block_times.partition_point(|(s, _)| *s < slot);
        match self.block_times.get(i) {
            Some((s, t)) if *s == slot => Some(*t),
            // Slots skipped by a warp carry the time of the slot after them.
            Some((_, t)) if i > 0 => Some(*t),
            _ => None,
        }
    }

    pub fn current_slot(&self) -> Slot {
        self.slot
    }

    /// The transactions of `slot` in execution order.
    pub fn block(&self, slot: Slot) -> &[Arc<TxRecord>] {
        let start = self.history.partition_point(|r| r.slot < slot);
        let end = self.history.partition_point(|r| r.slot <= slot);
        &self.history[start..end]
    }

    /// The block of `slot` (none for a slot a warp skipped): (blockhash, previous blockhash,
    /// parent slot, block height).
    pub fn block_info(&self, slot: Slot) -> Option<(Hash, Hash, Slot, u64)> {
        let i = self.blocks.partition_point(|b| b.slot < slot);
        let entry = *self.blocks.get(i).filter(|b| b.slot == slot)?;
        let parent = i.checked_sub(1).map(|p| self.blocks[p]);
        Some((
            entry.hash,
            parent.map(|p| p.hash).unwrap_or_default(),
            parent.map(|p| p.slot).unwrap_or_default(),
            entry.height,
        ))
    }

    pub fn accounts(&self) -> impl Iterator<Item = (&Pubkey, &AccountSharedData)> {
        self.svm.accounts_db().inner.iter()
    }

    pub fn account(&self, pubkey: &Pubkey) -> Option<AccountSharedData> {
        self.svm
            .accounts_db()
            .inner
            .get(pubkey)
            .filter(|a| a.lamports() > 0 || !a.data().is_empty())
            .cloned()
    }

    fn precheck(
        &self,
        tx: &VersionedTransaction,
        verify_signatures: bool,
    ) -> Result<(), TransactionError> {
        if tx.sanitize().is_err() {
            return Err(TransactionError::SanitizeFailure);
        }
        // LiteSVM's own check runs against its latest blockhash only: this bank keeps the
        // validator's window of recent blockhashes and checks signatures itself.
        if verify_signatures && !tx.verify_with_results().iter().all(|ok| *ok) {
            return Err(TransactionError::SignatureFailure);
        }
        if !self.is_blockhash_valid(tx.message.recent_blockhash()) {
            return Err(TransactionError::BlockhashNotFound);
        }
        if self.by_signature.contains_key(&tx.signatures[0]) {
            return Err(TransactionError::AlreadyProcessed);
        }
        Ok(())
    }

    /// Simulates without changing state.
    pub fn simulate(
        &self,
        tx: &VersionedTransaction,
        verify_signatures: bool,
    ) -> (
        Result<(), TransactionError>,
        TransactionMetadata,
        Vec<(Pubkey, AccountSharedData)>,
    ) {
        if let Err(e) = self.precheck(tx, verify_signatures) {
            return (Err(e), TransactionMetadata::default(), vec![]);
        }
        match self.svm.simulate_transaction(tx.clone()) {
            Ok(info) => (Ok(()), info.meta, info.post_accounts),
            Err(failed) => (Err(failed.err), failed.meta, vec![]),
        }
    }

    /// Executes and records a transaction in the current slot.
    pub fn submit(&mut self, tx: VersionedTransaction) -> Submitted {
        if let Err(e) = self.precheck(&tx, true) {
            return Submitted::Rejected(e);
        }
        let keys: Vec<Pubkey> = tx.message.static_account_keys().to_vec();
        let balance = |svm: &LiteSVM, k: &Pubkey| svm.get_balance(k).unwrap_or(0);
        let pre_balances: Vec<u64> = keys.iter().map(|k| balance(&self.svm, k)).collect();
        let result = self.svm.send_transaction(tx.clone());
        let (status, meta) = match result {
            Ok(meta) => (Ok(()), meta),
            Err(failed) => {
                if matches!(
                    failed.err,
                    TransactionError::SignatureFailure
                        | TransactionError::SanitizeFailure
                        | TransactionError::AccountNotFound
                        | TransactionError::InsufficientFundsForFee
                        | TransactionError::InvalidAccountForFee
                        | TransactionError::AlreadyProcessed
                        | TransactionError::UnsupportedVersion
                        | TransactionError::AddressLookupTableNotFound
                ) {
                    return Submitted::Rejected(failed.err);
                }
                (Err(failed.err), failed.meta)
            }
        };
        let fee = meta.fee;
        let post_balances: Vec<u64> = keys.iter().map(|k| balance(&self.svm, k)).collect();
        let written_accounts = keys
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                tx.message.is_maybe_writable_with_reserved_addresses(
                    *i,
                    None::<&std::collections::BTreeSet<Pubkey>>,
                )
            })
            .filter_map(|(_, k)| self.account(k).map(|a| (*k, a)))
            .collect();
        let index = self.history.len();
        let record = Arc::new(TxRecord {
            signature: tx.signatures[0],
            slot: self.slot,
            block_time: self.clock().unix_timestamp,
            transaction: tx,
            status,
            fee,
            pre_balances,
            post_balances,
            logs: meta.logs,
            inner_instructions: meta.inner_instructions,
            return_data: meta.return_data,
            compute_units_consumed: meta.compute_units_consumed,
            written_accounts,
        });
        self.by_signature.insert(record.signature, index);
        let mut seen = std::collections::HashSet::new();
        for key in &keys {
            if seen.insert(*key) {
                self.by_address.entry(*key).or_default().push(index);
            }
        }
        self.history.push(record.clone());
        self.transaction_count += 1;
        self.notify(Notification::Transaction {
            commitment: CommitmentLevel::Processed,
            record: record.clone(),
        });
        Submitted::Executed(record)
    }
}

/// Whether something at `level` is visible to a request at `requested`.
pub fn visible(level: CommitmentLevel, requested: CommitmentLevel) -> bool {
    rank(level) >= rank(requested)
}

pub fn rank(level: CommitmentLevel) -> u8 {
    match level {
        CommitmentLevel::Processed => 0,
        CommitmentLevel::Confirmed => 1,
        CommitmentLevel::Finalized => 2,
    }
}
