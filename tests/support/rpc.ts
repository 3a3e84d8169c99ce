// Raw JSON-RPC, for the local cluster's extra test-control methods and for error-shape tests.

export interface JsonRpcResponse<T = unknown> {
  jsonrpc: "2.0";
  id: number | string | null;
  result?: T;
  error?: { code: number; message: string; data?: unknown };
}

export class JsonRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly rpcMessage: string,
    readonly data?: unknown,
  ) {
    super(`${method}: JSON-RPC error ${code}: ${rpcMessage}`);
    this.name = "JsonRpcError";
  }
}

let nextId = 1;

/** POSTs one JSON-RPC request and returns the whole response envelope. */
export async function rpcRaw<T = unknown>(
  url: string,
  method: string,
  params?: unknown[] | Record<string, unknown>,
): Promise<JsonRpcResponse<T>> {
  const body: Record<string, unknown> = { jsonrpc: "2.0", id: nextId++, method };
  if (params !== undefined) body.params = params;
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  try {
    return JSON.parse(text) as JsonRpcResponse<T>;
  } catch {
    throw new Error(`${method}: HTTP ${res.status}, not JSON: ${text.slice(0, 500)}`);
  }
}

/** Calls `method` and returns its result, or throws a JsonRpcError. */
export async function rpcCall<T = unknown>(
  url: string,
  method: string,
  params?: unknown[] | Record<string, unknown>,
): Promise<T> {
  const response = await rpcRaw<T>(url, method, params);
  if (response.error) {
    throw new JsonRpcError(method, response.error.code, response.error.message, response.error.data);
  }
  if (!("result" in response)) throw new Error(`${method}: response has neither result nor error`);
  return response.result as T;
}
