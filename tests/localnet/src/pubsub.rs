//! Solana PubSub over WebSocket: logs, signature, slot and account subscriptions.

use crate::{
    bank::{Notification, TxRecord},
    rpc::{ui_account, Params, RpcError},
    server::BankHandle,
};
use axum::extract::ws::{Message, WebSocket};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use solana_commitment_config::{CommitmentConfig, CommitmentLevel};
use solana_pubkey::Pubkey;
use solana_rpc_client_api::{
    config::{
        RpcAccountInfoConfig, RpcSignatureSubscribeConfig, RpcTransactionLogsConfig,
        RpcTransactionLogsFilter,
    },
    response::{
        ProcessedSignatureResult, Response, RpcLogsResponse, RpcResponseContext,
        RpcSignatureResult, SlotInfo,
    },
};
use solana_signature::Signature;
use std::{
    collections::HashMap,
    str::FromStr,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
};
use tokio::sync::broadcast::error::RecvError;

static NEXT_SUBSCRIPTION: AtomicU64 = AtomicU64::new(0);

enum Subscription {
    Logs {
        mentions: Option<Pubkey>,
        commitment: CommitmentLevel,
    },
    Signature {
        signature: Signature,
        commitment: CommitmentLevel,
    },
    Slot,
    Account {
        pubkey: Pubkey,
        config: RpcAccountInfoConfig,
        commitment: CommitmentLevel,
    },
}

impl Subscription {
    fn notification_method(&self) -> &'static str {
        match self {
            Self::Logs { .. } => "logsNotification",
            Self::Signature { .. } => "signatureNotification",
            Self::Slot => "slotNotification",
            Self::Account { .. } => "accountNotification",
        }
    }
}

const UNSUBSCRIBE: [(&str, &str); 4] = [
    ("logsUnsubscribe", "logs"),
    ("signatureUnsubscribe", "signature"),
    ("slotUnsubscribe", "slot"),
    ("accountUnsubscribe", "account"),
];

fn kind(sub: &Subscription) -> &'static str {
    match sub {
        Subscription::Logs { .. } => "logs",
        Subscription::Signature { .. } => "signature",
        Subscription::Slot => "slot",
        Subscription::Account { .. } => "account",
    }
}

fn commitment_of(value: Option<CommitmentConfig>) -> CommitmentLevel {
    value
        .map(|c| c.commitment)
        .unwrap_or(CommitmentLevel::Finalized)
}

fn parse_subscription(method: &str, params: &Params) -> Result<Subscription, RpcError> {
    match method {
        "logsSubscribe" => {
            let filter: RpcTransactionLogsFilter = params.required(0)?;
            let config: RpcTransactionLogsConfig = params
                .optional(1)?
                .unwrap_or(RpcTransactionLogsConfig { commitment: None });
            let mentions = match filter {
                RpcTransactionLogsFilter::All | RpcTransactionLogsFilter::AllWithVotes => None,
                RpcTransactionLogsFilter::Mentions(keys) => {
                    if keys.len() != 1 {
                        return Err(RpcError::invalid_params(
                            "Invalid Request: Only 1 address supported",
                        ));
                    }
                    Some(Pubkey::from_str(&keys[0]).map_err(|e| {
                        RpcError::invalid_params(format!(
                            "Invalid Request: Invalid pubkey provided: {e}"
                        ))
                    })?)
                }
            };
            Ok(Subscription::Logs {
                mentions,
                commitment: commitment_of(config.commitment),
            })
        }
        "signatureSubscribe" => {
            let text: String = params.required(0)?;
            let signature = Signature::from_str(&text)
                .map_err(|e| RpcError::invalid_params(format!("Invalid param: {e}")))?;
            let config: RpcSignatureSubscribeConfig = params.optional(1)?.unwrap_or_default();
            Ok(Subscription::Signature {
                signature,
                commitment: commitment_of(config.commitment),
            })
        }
        "slotSubscribe" => Ok(Subscription::Slot),
        "accountSubscribe" => {
            let pubkey = params.pubkey(0)?;
            let config: RpcAccountInfoConfig = params.optional(1)?.unwrap_or_default();
            Ok(Subscription::Account {
                pubkey,
                commitment: commitment_of(config.commitment),
                config,
            })
        }
        _ => Err(RpcError::method_not_found()),
    }
}

fn response(id: Value, result: Result<Value, RpcError>) -> String {
    match result {
        Ok(result) => json!({ "jsonrpc": "2.0", "result": result, "id": id }),
        Err(error) => json!({ "jsonrpc": "2.0", "error": error.to_json(), "id": id }),
    }
    .to_string()
}

fn notification(method: &str, subscription: u64, result: Value) -> String {
    json!({
        "jsonrpc": "2.0",
        "method": method,
        "params": { "result": result, "subscription": subscription },
    })
    .to_string()
}

fn context_value<T: serde::Serialize>(slot: u64, value: T) -> Value {
    serde_json::to_value(Response {
        context: RpcResponseContext {
            slot,
            api_version: None,
        },
        value,
    })
    .expect("serializable")
}

/// Serves one WebSocket connection until the client leaves or the test control drops it.
pub async fn serve(socket: WebSocket, bank: BankHandle) {
    let mut notifications = bank.notifications.subscribe();
    let (mut sink, mut stream) = socket.split();
    let mut subscriptions: HashMap<u64, Subscription> = HashMap::new();
    loop {
        tokio::select! {
            incoming = stream.next() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text.to_string(),
                    Some(Ok(Message::Binary(_) | Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                };
                if let Some(reply) = handle_request(&text, &mut subscriptions) {
                    if sink.send(Message::Text(reply.into())).await.is_err() {
                        break;
                    }
                }
            }
            event = notifications.recv() => {
                let event = match event {
                    Ok(Notification::DropConnections) | Err(RecvError::Closed) => break,
                    Ok(event) => event,
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "pubsub client too slow; notifications lost, closing");
                        break;
                    }
                };
                let messages = render(&bank, &event, &mut subscriptions).await;
                for message in messages {
                    if sink.send(Message::Text(message.into())).await.is_err() {
                        return;
                    }
                }
            }
        }
    }
    let _ = sink.close().await;
}

/// Answers a subscribe/unsubscribe request; `None` for notifications the client sent (web3.js
/// sends a `ping` notification every few seconds).
fn handle_request(text: &str, subscriptions: &mut HashMap<u64, Subscription>) -> Option<String> {
    let request: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(_) => {
            return Some(response(
                Value::Null,
                Err(RpcError::new(-32700, "Parse error")),
            ))
        }
    };
    let id = request.get("id").cloned()?;
    let Some(method) = request.get("method").and_then(Value::as_str) else {
        return Some(response(id, Err(RpcError::new(-32600, "Invalid request"))));
    };
    let params = match Params::new(request.get("params").cloned()) {
        Ok(params) => params,
        Err(error) => return Some(response(id, Err(error))),
    };
    if let Some((_, expected)) = UNSUBSCRIBE.iter().find(|(m, _)| *m == method) {
        let result = params.optional::<u64>(0).and_then(|sub| {
            match sub.and_then(|s| subscriptions.get(&s).map(|k| (s, kind(k)))) {
                Some((s, k)) if k == *expected => {
                    subscriptions.remove(&s);
                    Ok(json!(true))
                }
                _ => Err(RpcError::invalid_params("Invalid subscription id.")),
            }
        });
        return Some(response(id, result));
    }
    let result = parse_subscription(method, &params).map(|subscription| {
        let sub_id = NEXT_SUBSCRIPTION.fetch_add(1, Ordering::Relaxed);
        subscriptions.insert(sub_id, subscription);
        json!(sub_id)
    });
    Some(response(id, result))
}

async fn render(
    bank: &BankHandle,
    event: &Notification,
    subscriptions: &mut HashMap<u64, Subscription>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut finished = Vec::new();
    match event {
        Notification::Slot { slot, parent, root } => {
            for (id, sub) in subscriptions.iter() {
                if let Subscription::Slot = sub {
                    let info = SlotInfo {
                        slot: *slot,
                        parent: *parent,
                        root: *root,
                    };
                    out.push(notification(sub.notification_method(), *id, json!(info)));
                }
            }
        }
        Notification::Transaction { commitment, record } => {
            for (id, sub) in subscriptions.iter() {
                let result = match sub {
                    Subscription::Logs {
                        mentions,
                        commitment: wanted,
                    } if wanted == commitment => {
                        let mentioned = mentions.is_none_or(|k| record.account_keys().contains(&k));
                        mentioned.then(|| logs_value(record))
                    }
                    Subscription::Signature {
                        signature,
                        commitment: wanted,
                    } if wanted == commitment && *signature == record.signature => {
                        finished.push(*id);
                        Some(context_value(
                            record.slot,
                            RpcSignatureResult::ProcessedSignature(ProcessedSignatureResult {
                                err: record.status.clone().err().map(Into::into),
                            }),
                        ))
                    }
                    Subscription::Account {
                        pubkey,
                        config,
                        commitment: wanted,
                    } if wanted == commitment => {
                        match record.written_accounts.iter().find(|(k, _)| k == pubkey) {
                            Some((key, account)) => {
                                let (key, account, config) =
                                    (*key, account.clone(), config.clone());
                                let ui = bank
                                    .run(move |bank| ui_account(bank, &key, &account, &config))
                                    .await;
                                ui.ok().map(|ui| context_value(record.slot, ui))
                            }
                            None => None,
                        }
                    }
                    _ => None,
                };
                if let Some(result) = result {
                    out.push(notification(sub.notification_method(), *id, result));
                }
            }
        }
        Notification::DropConnections => {}
    }
    for id in finished {
        subscriptions.remove(&id);
    }
    out
}

fn logs_value(record: &Arc<TxRecord>) -> Value {
    context_value(
        record.slot,
        RpcLogsResponse {
            signature: record.signature.to_string(),
            err: record.status.clone().err().map(Into::into),
            logs: record.logs.clone(),
        },
    )
}
