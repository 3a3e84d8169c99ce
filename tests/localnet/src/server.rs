//! The bank thread and the HTTP / WebSocket front ends.

use crate::{
    bank::{Bank, Notification},
    pubsub,
    rpc::{self, Params, RpcError},
};
use axum::{
    body::Bytes,
    extract::{State, WebSocketUpgrade},
    http::{header, StatusCode},
    response::IntoResponse,
    routing::{get, post},
    Router,
};
use serde_json::{json, Value};
use std::{
    panic::AssertUnwindSafe,
    sync::mpsc,
    time::{Duration, Instant},
};
use tokio::sync::{broadcast, oneshot};

type Job = Box<dyn FnOnce(&mut Bank) + Send>;

/// Requests run one at a time on the bank's own thread (the SVM is single-threaded, and native
/// programs find their invoke context in a thread-local).
#[derive(Clone)]
pub struct BankHandle {
    jobs: mpsc::Sender<Job>,
    pub notifications: broadcast::Sender<Notification>,
}

impl BankHandle {
    /// Starts the bank thread; slots advance every `slot_time`. Fails with `make`'s error.
    pub fn spawn(
        make: impl FnOnce() -> Result<Bank, String> + Send + 'static,
        slot_time: Duration,
    ) -> Result<Self, String> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (ready, started) = mpsc::channel();
        std::thread::Builder::new()
            .name("bank".into())
            .spawn(move || {
                let mut bank = match make() {
                    Ok(bank) => bank,
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                };
                ready
                    .send(Ok(bank.notifications.clone()))
                    .expect("main thread waits");
                let mut next_tick = Instant::now() + slot_time;
                loop {
                    let wait = next_tick.saturating_duration_since(Instant::now());
                    match inbox.recv_timeout(wait) {
                        Ok(job) => {
                            // A bug in one request must not take the cluster down.
                            if std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut bank)))
                                .is_err()
                            {
                                tracing::error!(
                                    "request handler panicked; the cluster keeps serving"
                                );
                            }
                        }
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            bank.tick();
                            next_tick += slot_time;
                            if next_tick < Instant::now() {
                                next_tick = Instant::now() + slot_time;
                            }
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .expect("spawn bank thread");
        let notifications = started.recv().expect("bank started")?;
        Ok(Self {
            jobs,
            notifications,
        })
    }

    /// Runs `f` on the bank thread. `None` if it panicked.
    pub async fn try_run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Bank) -> R + Send + 'static,
    ) -> Option<R> {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Box::new(move |bank| {
                let _ = tx.send(f(bank));
            }))
            .ok()?;
        rx.await.ok()
    }

    pub async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Bank) -> R + Send + 'static,
    ) -> R {
        self.try_run(f).await.expect("bank thread alive")
    }
}

pub fn rpc_router(bank: BankHandle) -> Router {
    Router::new()
        .route("/", post(http_rpc).get(health))
        .route("/health", get(health))
        .with_state(bank)
}

pub fn pubsub_router(bank: BankHandle) -> Router {
    Router::new().route("/", get(ws_upgrade)).with_state(bank)
}

async fn health() -> &'static str {
    "ok"
}

async fn ws_upgrade(ws: WebSocketUpgrade, State(bank): State<BankHandle>) -> impl IntoResponse {
    ws.on_upgrade(move |socket| pubsub::serve(socket, bank))
}

async fn http_rpc(State(bank): State<BankHandle>, body: Bytes) -> impl IntoResponse {
    let reply = match serde_json::from_slice::<Value>(&body) {
        Err(_) => error_reply(Value::Null, RpcError::new(-32700, "Parse error")),
        Ok(Value::Array(batch)) if batch.is_empty() => {
            error_reply(Value::Null, RpcError::new(-32600, "Invalid request"))
        }
        Ok(Value::Array(batch)) => {
            let mut replies = Vec::with_capacity(batch.len());
            for request in batch {
                replies.push(call(&bank, request).await);
            }
            Value::Array(replies)
        }
        Ok(request) => call(&bank, request).await,
    };
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        reply.to_string(),
    )
}

fn error_reply(id: Value, error: RpcError) -> Value {
    json!({ "jsonrpc": "2.0", "error": error.to_json(), "id": id })
}

async fn call(bank: &BankHandle, request: Value) -> Value {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let (Some("2.0"), Some(method)) = (
        request.get("jsonrpc").and_then(Value::as_str),
        request.get("method").and_then(Value::as_str),
    ) else {
        return error_reply(id, RpcError::new(-32600, "Invalid request"));
    };
    let params = match Params::new(request.get("params").cloned()) {
        Ok(params) => params,
        Err(error) => return error_reply(id, error),
    };
    let method = method.to_owned();
    let started = Instant::now();
    let traced = method.clone();
    let result = bank
        .try_run(move |bank| rpc::dispatch(bank, &method, params))
        .await
        .unwrap_or_else(|| Err(RpcError::new(-32603, "Internal error")));
    tracing::debug!(method = %traced, elapsed_us = started.elapsed().as_micros() as u64, ok = result.is_ok());
    match result {
        Ok(result) => json!({ "jsonrpc": "2.0", "result": result, "id": id }),
        Err(error) => error_reply(id, error),
    }
}
