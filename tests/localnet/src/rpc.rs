//! Solana JSON-RPC methods over the bank. Request and response bodies use the Solana crates' own
//! config and response types, so the shapes are Agave's.

use crate::bank::{Bank, Notification, Submitted, TxRecord, LAMPORTS_PER_SIGNATURE};
use base64::{prelude::BASE64_STANDARD, Engine};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use solana_account::{AccountSharedData, ReadableAccount};
use solana_account_decoder::{encode_ui_account, UiAccount, UiAccountEncoding};
use solana_commitment_config::{CommitmentConfig, CommitmentLevel};
use solana_hash::Hash;
use solana_message::{inner_instruction::InnerInstructionsList, VersionedMessage};
use solana_pubkey::Pubkey;
use solana_rpc_client_api::{
    config::{
        RpcAccountInfoConfig, RpcBlockConfig, RpcContextConfig, RpcProgramAccountsConfig,
        RpcRequestAirdropConfig, RpcSendTransactionConfig, RpcSignatureStatusConfig,
        RpcSignaturesForAddressConfig, RpcSimulateTransactionConfig, RpcTransactionConfig,
    },
    filter::RpcFilterType,
    response::{
        Response, RpcBlockhash, RpcConfirmedTransactionStatusWithSignature, RpcKeyedAccount,
        RpcResponseContext, RpcSimulateTransactionResult, RpcVersionInfo,
    },
};
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::{versioned::VersionedTransaction, Transaction};
use solana_transaction_error::TransactionError;
use solana_transaction_status::{
    BlockEncodingOptions, ConfirmedBlock, ConfirmedTransactionWithStatusMeta, InnerInstruction,
    InnerInstructions, TransactionBinaryEncoding, TransactionConfirmationStatus,
    TransactionDetails, TransactionStatus, TransactionStatusMeta, TransactionWithStatusMeta,
    UiTransactionEncoding, VersionedTransactionWithStatusMeta,
};
use std::str::FromStr;

/// A JSON-RPC error object.
#[derive(Debug)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl RpcError {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
        }
    }
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(-32602, message)
    }
    pub fn method_not_found() -> Self {
        Self::new(-32601, "Method not found")
    }
    pub fn to_json(&self) -> Value {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let Some(data) = &self.data {
            error["data"] = data.clone();
        }
        error
    }
}

type RpcResult = Result<Value, RpcError>;

const MAX_MULTIPLE_ACCOUNTS: usize = 100;
const MAX_SIGNATURE_STATUSES: usize = 256;
const MAX_SIGNATURES_FOR_ADDRESS: usize = 1_000;

/// Positional params of a request.
pub struct Params(Vec<Value>);

impl Params {
    pub fn new(params: Option<Value>) -> Result<Self, RpcError> {
        match params {
            None | Some(Value::Null) => Ok(Self(vec![])),
            Some(Value::Array(values)) => Ok(Self(values)),
            Some(_) => Err(RpcError::invalid_params(
                "Invalid params: expected an array",
            )),
        }
    }

    pub(crate) fn optional<T: DeserializeOwned>(
        &self,
        index: usize,
    ) -> Result<Option<T>, RpcError> {
        match self.0.get(index) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => serde_json::from_value(value.clone())
                .map(Some)
                .map_err(|e| RpcError::invalid_params(format!("Invalid params: {e}."))),
        }
    }

    pub(crate) fn required<T: DeserializeOwned>(&self, index: usize) -> Result<T, RpcError> {
        self.optional(index)?.ok_or_else(|| {
            RpcError::invalid_params("Invalid params: missing a required parameter.")
        })
    }

    /// A parameter that is either a config object or, in the legacy form, an encoding string.
    fn encoding_or_config<T: DeserializeOwned + Default>(
        &self,
        index: usize,
        from_encoding: impl FnOnce(Option<UiTransactionEncoding>) -> T,
    ) -> Result<T, RpcError> {
        match self.0.get(index) {
            Some(Value::String(_)) => Ok(from_encoding(self.optional(index)?)),
            _ => Ok(self.optional(index)?.unwrap_or_default()),
        }
    }

    pub(crate) fn pubkey(&self, index: usize) -> Result<Pubkey, RpcError> {
        parse_pubkey(&self.required::<String>(index)?)
    }
}

fn parse_pubkey(text: &str) -> Result<Pubkey, RpcError> {
    Pubkey::from_str(text).map_err(|e| RpcError::invalid_params(format!("Invalid param: {e}")))
}

fn parse_signature(text: &str) -> Result<Signature, RpcError> {
    Signature::from_str(text).map_err(|e| RpcError::invalid_params(format!("Invalid param: {e}")))
}

fn level(commitment: Option<CommitmentConfig>) -> CommitmentLevel {
    commitment
        .map(|c| c.commitment)
        .unwrap_or(CommitmentLevel::Finalized)
}

/// History methods serve only `confirmed` and `finalized`, as Agave does.
fn at_least_confirmed(commitment: Option<CommitmentConfig>) -> Result<CommitmentLevel, RpcError> {
    match level(commitment) {
        CommitmentLevel::Processed => Err(RpcError::invalid_params(
            "Method does not support commitment below `confirmed`",
        )),
        level => Ok(level),
    }
}

fn check_min_context_slot(
    bank: &Bank,
    min: Option<u64>,
    commitment: CommitmentLevel,
) -> Result<(), RpcError> {
    let slot = bank.slot_at(commitment);
    match min {
        Some(min) if slot < min => Err(RpcError {
            code: -32016,
            message: "Minimum context slot has not been reached".into(),
            data: Some(json!({ "contextSlot": slot })),
        }),
        _ => Ok(()),
    }
}

fn with_context<T: serde::Serialize>(slot: u64, value: T) -> RpcResult {
    Ok(serde_json::to_value(Response {
        context: RpcResponseContext::new(slot),
        value,
    })
    .expect("serializable"))
}

fn to_value<T: serde::Serialize>(value: T) -> RpcResult {
    Ok(serde_json::to_value(value).expect("serializable"))
}

/// Runs one JSON-RPC method against the bank.
pub fn dispatch(bank: &mut Bank, method: &str, params: Params) -> RpcResult {
    match method {
        "getVersion" => {
            let version = solana_version::Version::default();
            to_value(RpcVersionInfo {
                solana_core: version.to_string(),
                feature_set: Some(version.feature_set()),
            })
        }
        "getHealth" => Ok(json!("ok")),
        "getIdentity" => Ok(json!({ "identity": bank.faucet().pubkey().to_string() })),
        "getGenesisHash" => Ok(json!(bank.genesis_hash.to_string())),
        "getFirstAvailableBlock" => Ok(json!(0)),
        "getSlot" | "getBlockHeight" | "getTransactionCount" => {
            let config: RpcContextConfig = params.optional(0)?.unwrap_or_default();
            let commitment = level(config.commitment);
            check_min_context_slot(bank, config.min_context_slot, commitment)?;
            Ok(match method {
                "getSlot" => json!(bank.slot_at(commitment)),
                "getBlockHeight" => json!(bank.block_height_at(commitment)),
                _ => json!(bank.transaction_count()),
            })
        }
        "getEpochInfo" => {
            let config: RpcContextConfig = params.optional(0)?.unwrap_or_default();
            let commitment = level(config.commitment);
            let slot = bank.slot_at(commitment);
            let schedule = bank.epoch_schedule();
            let (epoch, slot_index) = schedule.get_epoch_and_slot_index(slot);
            to_value(solana_epoch_info::EpochInfo {
                epoch,
                slot_index,
                slots_in_epoch: schedule.get_slots_in_epoch(epoch),
                absolute_slot: slot,
                block_height: bank.block_height_at(commitment),
                transaction_count: Some(bank.transaction_count()),
            })
        }
        "getEpochSchedule" => to_value(bank.epoch_schedule()),
        "getLatestBlockhash" => {
            let config: RpcContextConfig = params.optional(0)?.unwrap_or_default();
            let commitment = level(config.commitment);
            check_min_context_slot(bank, config.min_context_slot, commitment)?;
            let (hash, last_valid_block_height) = bank.latest_blockhash(commitment);
            with_context(
                bank.slot_at(commitment),
                RpcBlockhash {
                    blockhash: hash.to_string(),
                    last_valid_block_height,
                },
            )
        }
        "isBlockhashValid" => {
            let hash = Hash::from_str(&params.required::<String>(0)?)
                .map_err(|e| RpcError::invalid_params(format!("Invalid param: {e}")))?;
            let config: RpcContextConfig = params.optional(1)?.unwrap_or_default();
            with_context(
                bank.slot_at(level(config.commitment)),
                bank.is_blockhash_valid(&hash),
            )
        }
        "getFeeForMessage" => {
            let bytes = decode_base64(&params.required::<String>(0)?)?;
            let message: VersionedMessage = bincode::deserialize(&bytes)
                .map_err(|e| RpcError::invalid_params(format!("invalid message: {e}")))?;
            let config: RpcContextConfig = params.optional(1)?.unwrap_or_default();
            let fee = bank
                .is_blockhash_valid(message.recent_blockhash())
                .then(|| LAMPORTS_PER_SIGNATURE * message.header().num_required_signatures as u64);
            with_context(bank.slot_at(level(config.commitment)), fee)
        }
        "getMinimumBalanceForRentExemption" => {
            let len: usize = params.required(0)?;
            Ok(json!(bank.svm.minimum_balance_for_rent_exemption(len)))
        }
        "getBalance" => {
            let pubkey = params.pubkey(0)?;
            let config: RpcContextConfig = params.optional(1)?.unwrap_or_default();
            let lamports = bank.account(&pubkey).map(|a| a.lamports()).unwrap_or(0);
            with_context(bank.slot_at(level(config.commitment)), lamports)
        }
        "getAccountInfo" => {
            let pubkey = params.pubkey(0)?;
            let config: RpcAccountInfoConfig = params.optional(1)?.unwrap_or_default();
            let account = bank
                .account(&pubkey)
                .map(|a| ui_account(bank, &pubkey, &a, &config))
                .transpose()?;
            with_context(bank.slot_at(level(config.commitment)), account)
        }
        "getMultipleAccounts" => {
            let keys: Vec<String> = params.required(0)?;
            if keys.len() > MAX_MULTIPLE_ACCOUNTS {
                return Err(RpcError::invalid_params(format!(
                    "Too many inputs provided; max {MAX_MULTIPLE_ACCOUNTS}"
                )));
            }
            let config: RpcAccountInfoConfig = params.optional(1)?.unwrap_or_default();
            let accounts = keys
                .iter()
                .map(|k| {
                    let pubkey = parse_pubkey(k)?;
                    bank.account(&pubkey)
                        .map(|a| ui_account(bank, &pubkey, &a, &config))
                        .transpose()
                })
                .collect::<Result<Vec<_>, _>>()?;
            with_context(bank.slot_at(level(config.commitment)), accounts)
        }
        "getProgramAccounts" => get_program_accounts(bank, &params),
        "requestAirdrop" => {
            let pubkey = params.pubkey(0)?;
            let lamports: u64 = params.required(1)?;
            let _config: Option<RpcRequestAirdropConfig> = params.optional(2)?;
            let faucet = bank.faucet();
            let (blockhash, _) = bank.latest_blockhash(CommitmentLevel::Processed);
            let ix =
                solana_system_interface::instruction::transfer(&faucet.pubkey(), &pubkey, lamports);
            let tx = Transaction::new_signed_with_payer(
                &[ix],
                Some(&faucet.pubkey()),
                &[faucet],
                blockhash,
            );
            match bank.submit(tx.into()) {
                Submitted::Executed(record) if record.status.is_ok() => {
                    Ok(json!(record.signature.to_string()))
                }
                Submitted::Executed(record) => Err(RpcError::new(
                    -32600,
                    format!("airdrop failed: {}", record.status.clone().unwrap_err()),
                )),
                Submitted::Rejected(err) => {
                    Err(RpcError::new(-32600, format!("airdrop failed: {err}")))
                }
            }
        }
        "sendTransaction" => send_transaction(bank, &params),
        "simulateTransaction" => simulate_transaction(bank, &params),
        "getSignatureStatuses" => {
            let signatures: Vec<String> = params.required(0)?;
            if signatures.len() > MAX_SIGNATURE_STATUSES {
                return Err(RpcError::invalid_params(format!(
                    "Too many inputs provided; max {MAX_SIGNATURE_STATUSES}"
                )));
            }
            let _config: Option<RpcSignatureStatusConfig> = params.optional(1)?;
            let statuses = signatures
                .iter()
                .map(|s| Ok(signature_status(bank, &parse_signature(s)?)))
                .collect::<Result<Vec<_>, RpcError>>()?;
            with_context(bank.current_slot(), statuses)
        }
        "getTransaction" => get_transaction(bank, &params),
        "getBlock" => get_block(bank, &params),
        "getSignaturesForAddress" => get_signatures_for_address(bank, &params),
        "getBlockTime" => {
            let slot: u64 = params.required(0)?;
            if slot > bank.current_slot() {
                return Err(RpcError::new(
                    -32004,
                    format!("Block not available for slot {slot}"),
                ));
            }
            match bank.block_time(slot) {
                Some(time) => Ok(json!(time)),
                None => Err(RpcError::new(
                    -32004,
                    format!("Block not available for slot {slot}"),
                )),
            }
        }
        "localnet_warpSlot" => {
            let slot: u64 = params.required(0)?;
            bank.warp(slot)
                .map(|s| json!(s))
                .map_err(RpcError::invalid_params)
        }
        "localnet_setClock" => {
            #[derive(serde::Deserialize)]
            #[serde(rename_all = "camelCase", deny_unknown_fields)]
            struct SetClock {
                unix_timestamp: i64,
            }
            let args: SetClock = params.required(0)?;
            let clock = bank.set_unix_timestamp(args.unix_timestamp);
            Ok(json!({
                "slot": clock.slot,
                "epoch": clock.epoch,
                "unixTimestamp": clock.unix_timestamp,
            }))
        }
        "localnet_dropPubsubConnections" => {
            let receivers = bank.notifications.receiver_count();
            let _ = bank.notifications.send(Notification::DropConnections);
            Ok(json!(receivers))
        }
        _ => Err(RpcError::method_not_found()),
    }
}

fn decode_base64(text: &str) -> Result<Vec<u8>, RpcError> {
    BASE64_STANDARD
        .decode(text)
        .map_err(|e| RpcError::invalid_params(format!("invalid base64 encoding: {e:?}")))
}

fn decode_transaction(
    text: &str,
    encoding: UiTransactionEncoding,
) -> Result<VersionedTransaction, RpcError> {
    let binary = encoding.into_binary_encoding().ok_or_else(|| {
        RpcError::invalid_params(format!(
            "unsupported encoding: {encoding}. Supported encodings: base58, base64"
        ))
    })?;
    let bytes = match binary {
        TransactionBinaryEncoding::Base58 => bs58::decode(text)
            .into_vec()
            .map_err(|e| RpcError::invalid_params(format!("invalid base58 encoding: {e:?}")))?,
        TransactionBinaryEncoding::Base64 => decode_base64(text)?,
    };
    let tx: VersionedTransaction = bincode::deserialize(&bytes).map_err(|e| {
        RpcError::invalid_params(format!(
            "failed to deserialize solana_transaction::versioned::VersionedTransaction: {e}"
        ))
    })?;
    tx.sanitize().map_err(|e| {
        RpcError::invalid_params(format!(
            "invalid transaction: {}",
            TransactionError::from(e)
        ))
    })?;
    Ok(tx)
}

fn verify_signatures(tx: &VersionedTransaction) -> Result<(), RpcError> {
    if tx.verify_with_results().iter().all(|ok| *ok) {
        Ok(())
    } else {
        Err(RpcError::new(
            -32003,
            "Transaction signature verification failure",
        ))
    }
}

fn send_transaction(bank: &mut Bank, params: &Params) -> RpcResult {
    let data: String = params.required(0)?;
    let config: RpcSendTransactionConfig = params.optional(1)?.unwrap_or_default();
    let encoding = config.encoding.unwrap_or(UiTransactionEncoding::Base58);
    let tx = decode_transaction(&data, encoding)?;
    verify_signatures(&tx)?;
    let signature = tx.signatures[0];
    if !config.skip_preflight {
        let (result, meta, _) = bank.simulate(&tx, true);
        if let Err(err) = result {
            let units = meta.compute_units_consumed;
            return Err(RpcError {
                code: -32002,
                message: format!("Transaction simulation failed: {err}"),
                data: Some(
                    serde_json::to_value(RpcSimulateTransactionResult {
                        err: Some(err.into()),
                        logs: Some(meta.logs),
                        units_consumed: Some(units),
                        ..simulation_result()
                    })
                    .expect("serializable"),
                ),
            });
        }
    }
    match bank.submit(tx) {
        Submitted::Executed(_) => {}
        // A validator would forward it to the leader, which drops it; the client sees the
        // transaction never land. Say so here, since nothing else will.
        Submitted::Rejected(err) => {
            tracing::warn!(%signature, %err, "transaction dropped");
        }
    }
    Ok(json!(signature.to_string()))
}

fn simulate_transaction(bank: &mut Bank, params: &Params) -> RpcResult {
    let data: String = params.required(0)?;
    let config: RpcSimulateTransactionConfig = params.optional(1)?.unwrap_or_default();
    let encoding = config.encoding.unwrap_or(UiTransactionEncoding::Base58);
    let mut tx = decode_transaction(&data, encoding)?;
    if config.sig_verify {
        if config.replace_recent_blockhash {
            return Err(RpcError::invalid_params(
                "sigVerify may not be used with replaceRecentBlockhash",
            ));
        }
        verify_signatures(&tx)?;
    }
    let commitment = level(config.commitment);
    let replacement_blockhash = if config.replace_recent_blockhash {
        let (hash, last_valid_block_height) = bank.latest_blockhash(commitment);
        tx.message.set_recent_blockhash(hash);
        Some(RpcBlockhash {
            blockhash: hash.to_string(),
            last_valid_block_height,
        })
    } else {
        None
    };
    let (result, meta, post_accounts) = bank.simulate(&tx, config.sig_verify);
    let accounts = match config.accounts {
        None => None,
        Some(accounts_config) => {
            let encoding = accounts_config
                .encoding
                .unwrap_or(UiAccountEncoding::Base64);
            let account_config = RpcAccountInfoConfig {
                encoding: Some(encoding),
                ..Default::default()
            };
            Some(
                accounts_config
                    .addresses
                    .iter()
                    .map(|address| {
                        let pubkey = parse_pubkey(address)?;
                        let account = post_accounts
                            .iter()
                            .find(|(k, _)| *k == pubkey)
                            .map(|(_, a)| a.clone())
                            .or_else(|| bank.account(&pubkey));
                        account
                            .map(|a| ui_account(bank, &pubkey, &a, &account_config))
                            .transpose()
                    })
                    .collect::<Result<Vec<_>, RpcError>>()?,
            )
        }
    };
    let return_data = (!meta.return_data.data.is_empty()).then(|| meta.return_data.clone().into());
    let inner_instructions = config.inner_instructions.then(|| {
        let keys = solana_message::AccountKeys::new(tx.message.static_account_keys(), None);
        inner_instructions(&meta.inner_instructions)
            .into_iter()
            .map(|ix| solana_transaction_status::parse_ui_inner_instructions(ix, &keys))
            .collect()
    });
    with_context(
        bank.slot_at(commitment),
        RpcSimulateTransactionResult {
            err: result.err().map(Into::into),
            logs: Some(meta.logs),
            accounts,
            units_consumed: Some(meta.compute_units_consumed),
            return_data,
            inner_instructions,
            replacement_blockhash,
            fee: Some(meta.fee),
            ..simulation_result()
        },
    )
}

/// A simulation result with nothing in it: what the cluster does not report.
fn simulation_result() -> RpcSimulateTransactionResult {
    RpcSimulateTransactionResult {
        err: None,
        logs: None,
        accounts: None,
        units_consumed: None,
        loaded_accounts_data_size: None,
        return_data: None,
        inner_instructions: None,
        replacement_blockhash: None,
        fee: None,
        pre_balances: None,
        post_balances: None,
        pre_token_balances: None,
        post_token_balances: None,
        loaded_addresses: None,
    }
}

fn inner_instructions(list: &InnerInstructionsList) -> Vec<InnerInstructions> {
    list.iter()
        .enumerate()
        .filter(|(_, ixs)| !ixs.is_empty())
        .map(|(index, ixs)| InnerInstructions {
            index: index as u8,
            instructions: ixs
                .iter()
                .map(|ix| InnerInstruction {
                    instruction: ix.instruction.clone(),
                    stack_height: Some(u32::from(ix.stack_height)),
                })
                .collect(),
        })
        .collect()
}

fn signature_status(bank: &Bank, signature: &Signature) -> Option<TransactionStatus> {
    let (record, level) = bank.status(signature)?;
    let confirmation_status = match level {
        CommitmentLevel::Processed => TransactionConfirmationStatus::Processed,
        CommitmentLevel::Confirmed => TransactionConfirmationStatus::Confirmed,
        CommitmentLevel::Finalized => TransactionConfirmationStatus::Finalized,
    };
    Some(TransactionStatus {
        slot: record.slot,
        confirmations: (level != CommitmentLevel::Finalized)
            .then(|| (bank.current_slot() - record.slot) as usize),
        status: record.status.clone(),
        err: record.status.clone().err(),
        confirmation_status: Some(confirmation_status),
    })
}

fn status_meta(record: &TxRecord) -> TransactionStatusMeta {
    TransactionStatusMeta {
        status: record.status.clone(),
        fee: record.fee,
        pre_balances: record.pre_balances.clone(),
        post_balances: record.post_balances.clone(),
        inner_instructions: Some(inner_instructions(&record.inner_instructions)),
        log_messages: Some(record.logs.clone()),
        pre_token_balances: Some(vec![]),
        post_token_balances: Some(vec![]),
        rewards: Some(vec![]),
        loaded_addresses: Default::default(),
        return_data: (!record.return_data.data.is_empty()).then(|| record.return_data.clone()),
        compute_units_consumed: Some(record.compute_units_consumed),
        cost_units: None,
    }
}

fn get_transaction(bank: &Bank, params: &Params) -> RpcResult {
    let signature = parse_signature(&params.required::<String>(0)?)?;
    let config: RpcTransactionConfig =
        params.encoding_or_config(1, |encoding| RpcTransactionConfig {
            encoding,
            ..Default::default()
        })?;
    let commitment = at_least_confirmed(config.commitment)?;
    let Some(record) = bank.transaction(&signature, commitment) else {
        return Ok(Value::Null);
    };
    let encoding = config.encoding.unwrap_or(UiTransactionEncoding::Json);
    let confirmed = ConfirmedTransactionWithStatusMeta {
        slot: record.slot,
        tx_with_meta: TransactionWithStatusMeta::Complete(VersionedTransactionWithStatusMeta {
            transaction: record.transaction.clone(),
            meta: status_meta(&record),
        }),
        block_time: Some(record.block_time),
        index: bank.index_in_block(&record),
    };
    match confirmed.encode(encoding, config.max_supported_transaction_version) {
        Ok(encoded) => to_value(encoded),
        Err(solana_transaction_status::EncodeError::UnsupportedTransactionVersion(version)) => {
            Err(unsupported_version(version))
        }
    }
}

fn unsupported_version(version: u8) -> RpcError {
    RpcError::new(
        -32015,
        format!(
            "Transaction version ({version}) is not supported by the requesting client. \
             Please try the request again with the following configuration parameter: \
             \"maxSupportedTransactionVersion\": {version}"
        ),
    )
}

fn get_block(bank: &Bank, params: &Params) -> RpcResult {
    let slot: u64 = params.required(0)?;
    let config: RpcBlockConfig = params.encoding_or_config(1, |encoding| RpcBlockConfig {
        encoding,
        ..Default::default()
    })?;
    let commitment = at_least_confirmed(config.commitment)?;
    let not_available = || RpcError::new(-32004, format!("Block not available for slot {slot}"));
    if !bank.has_reached(slot, commitment) {
        return Err(not_available());
    }
    let (blockhash, previous_blockhash, parent_slot, block_height) =
        bank.block_info(slot).ok_or_else(not_available)?;
    let block = ConfirmedBlock {
        previous_blockhash: previous_blockhash.to_string(),
        blockhash: blockhash.to_string(),
        parent_slot,
        transactions: bank
            .block(slot)
            .iter()
            .map(|record| {
                TransactionWithStatusMeta::Complete(VersionedTransactionWithStatusMeta {
                    transaction: record.transaction.clone(),
                    meta: status_meta(record),
                })
            })
            .collect(),
        rewards: vec![],
        num_partitions: None,
        block_time: bank.block_time(slot),
        block_height: Some(block_height),
    };
    let options = BlockEncodingOptions {
        transaction_details: config
            .transaction_details
            .unwrap_or(TransactionDetails::Full),
        show_rewards: config.rewards.unwrap_or(true),
        max_supported_transaction_version: config.max_supported_transaction_version,
    };
    match block.encode_with_options(
        config.encoding.unwrap_or(UiTransactionEncoding::Json),
        options,
    ) {
        Ok(encoded) => to_value(encoded),
        Err(solana_transaction_status::EncodeError::UnsupportedTransactionVersion(v)) => {
            Err(unsupported_version(v))
        }
    }
}

fn get_signatures_for_address(bank: &Bank, params: &Params) -> RpcResult {
    let address = params.pubkey(0)?;
    let config: RpcSignaturesForAddressConfig = params.optional(1)?.unwrap_or_default();
    let commitment = at_least_confirmed(config.commitment)?;
    check_min_context_slot(bank, config.min_context_slot, commitment)?;
    let limit = config.limit.unwrap_or(MAX_SIGNATURES_FOR_ADDRESS);
    if limit == 0 || limit > MAX_SIGNATURES_FOR_ADDRESS {
        return Err(RpcError::invalid_params(format!(
            "Invalid limit; max {MAX_SIGNATURES_FOR_ADDRESS}"
        )));
    }
    let before = config.before.as_deref().map(parse_signature).transpose()?;
    let until = config.until.as_deref().map(parse_signature).transpose()?;
    let mut seen_before = before.is_none();
    let mut out = Vec::new();
    for record in bank.signatures_for_address(&address, commitment) {
        if !seen_before {
            seen_before = Some(record.signature) == before;
            continue;
        }
        if Some(record.signature) == until || out.len() >= limit {
            break;
        }
        let (_, level) = bank.status(&record.signature).expect("recorded");
        out.push(RpcConfirmedTransactionStatusWithSignature {
            signature: record.signature.to_string(),
            slot: record.slot,
            err: record.status.clone().err().map(Into::into),
            memo: None,
            block_time: Some(record.block_time),
            transaction_index: Some(bank.index_in_block(record)),
            confirmation_status: Some(match level {
                CommitmentLevel::Finalized => TransactionConfirmationStatus::Finalized,
                CommitmentLevel::Confirmed => TransactionConfirmationStatus::Confirmed,
                CommitmentLevel::Processed => TransactionConfirmationStatus::Processed,
            }),
        });
    }
    to_value(out)
}

fn get_program_accounts(bank: &Bank, params: &Params) -> RpcResult {
    let program = params.pubkey(0)?;
    let config: RpcProgramAccountsConfig = params.optional(1)?.unwrap_or_default();
    let filters = config.filters.unwrap_or_default();
    for filter in &filters {
        filter
            .verify()
            .map_err(|e| RpcError::invalid_params(format!("Invalid param: {e:?}")))?;
    }
    let commitment = level(config.account_config.commitment);
    let mut keyed: Vec<(Pubkey, AccountSharedData)> = bank
        .accounts()
        .filter(|(_, a)| *a.owner() == program && (a.lamports() > 0))
        .filter(|(_, a)| filters.iter().all(|f| filter_allows(f, a)))
        .map(|(k, a)| (*k, a.clone()))
        .collect();
    if config.sort_results.unwrap_or(true) {
        keyed.sort_by_key(|(k, _)| *k);
    }
    let accounts = keyed
        .iter()
        .map(|(pubkey, account)| {
            Ok(RpcKeyedAccount {
                pubkey: pubkey.to_string(),
                account: ui_account(bank, pubkey, account, &config.account_config)?,
            })
        })
        .collect::<Result<Vec<_>, RpcError>>()?;
    if config.with_context.unwrap_or(false) {
        with_context(bank.slot_at(commitment), accounts)
    } else {
        to_value(accounts)
    }
}

fn filter_allows(filter: &RpcFilterType, account: &AccountSharedData) -> bool {
    match filter {
        RpcFilterType::DataSize(size) => account.data().len() as u64 == *size,
        RpcFilterType::Memcmp(memcmp) => memcmp.bytes_match(account.data()),
        RpcFilterType::TokenAccountState => crate::token::additional_data_is_token_account(account),
    }
}

/// Encodes an account as the RPC does, with the mint's decimals for jsonParsed token accounts.
pub fn ui_account(
    bank: &Bank,
    pubkey: &Pubkey,
    account: &AccountSharedData,
    config: &RpcAccountInfoConfig,
) -> Result<UiAccount, RpcError> {
    let encoding = config.encoding.unwrap_or(UiAccountEncoding::Binary);
    if encoding == UiAccountEncoding::Binary && account.data().len() > 128 {
        return Err(RpcError::invalid_params(
            "Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.",
        ));
    }
    let additional = (encoding == UiAccountEncoding::JsonParsed)
        .then(|| crate::token::additional_data(bank, account))
        .flatten();
    Ok(encode_ui_account(
        pubkey,
        account,
        encoding,
        additional,
        config.data_slice,
    ))
}
