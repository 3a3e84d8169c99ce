/**
 * PROVISIONAL: camelCase type of app/src/idl-provisional/perps.json, in the shape `anchor build`
 * emits (target/types/perps.ts). Replaced by app/src/idl/perps.ts once it carries the trading events.
 */
export type Perps = {
  "address": "vC2bYuwqmrKJN49datXvay8BHfcWR1dhiqLsZm9LkMX",
  "metadata": {
    "name": "perps",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "PROVISIONAL hand-written event subset (issue 3 shapes) until app/src/idl/perps.json is generated"
  },
  "instructions": [],
  "events": [
    {
      "name": "marketCreated",
      "discriminator": [
        88,
        184,
        130,
        231,
        226,
        84,
        6,
        58
      ]
    },
    {
      "name": "orderFilled",
      "discriminator": [
        120,
        124,
        109,
        66,
        249,
        116,
        174,
        30
      ]
    },
    {
      "name": "positionUpdated",
      "discriminator": [
        208,
        212,
        54,
        188,
        246,
        71,
        235,
        88
      ]
    },
    {
      "name": "liquidationExecuted",
      "discriminator": [
        231,
        78,
        79,
        211,
        167,
        46,
        83,
        205
      ]
    }
  ],
  "types": [
    {
      "name": "marketCreated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "index",
            "type": "u16"
          },
          {
            "name": "symbol",
            "type": "string"
          },
          {
            "name": "tickSize",
            "type": "u64"
          },
          {
            "name": "baseLotSize",
            "type": "u64"
          },
          {
            "name": "baseDecimals",
            "type": "u8"
          },
          {
            "name": "takerFeeBps",
            "type": "u16"
          },
          {
            "name": "makerFeeBps",
            "type": "u16"
          },
          {
            "name": "initialMarginBps",
            "type": "u16"
          },
          {
            "name": "maintenanceMarginBps",
            "type": "u16"
          },
          {
            "name": "liquidationPenaltyBps",
            "type": "u16"
          },
          {
            "name": "priceAuthority",
            "type": "pubkey"
          },
          {
            "name": "maxPriceAgeSecs",
            "type": "u32"
          },
          {
            "name": "timestamp",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "orderFilled",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "positionId",
            "type": "u64"
          },
          {
            "name": "orderId",
            "type": "u64"
          },
          {
            "name": "price",
            "type": "u64"
          },
          {
            "name": "quantity",
            "type": "u64"
          },
          {
            "name": "takerFee",
            "type": "u64"
          },
          {
            "name": "makerFee",
            "type": "u64"
          },
          {
            "name": "taker",
            "type": "pubkey"
          },
          {
            "name": "maker",
            "type": "pubkey"
          },
          {
            "name": "makerPositionId",
            "type": "u64"
          },
          {
            "name": "makerOrderId",
            "type": "u64"
          },
          {
            "name": "takerSide",
            "type": {
              "defined": {
                "name": "side"
              }
            }
          },
          {
            "name": "seq",
            "type": "u64"
          },
          {
            "name": "timestamp",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "positionUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "positionId",
            "type": "u64"
          },
          {
            "name": "user",
            "type": "pubkey"
          },
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "size",
            "type": "u64"
          },
          {
            "name": "entryPrice",
            "type": "u64"
          },
          {
            "name": "unrealizedPnl",
            "type": "i64"
          },
          {
            "name": "side",
            "type": {
              "defined": {
                "name": "positionSide"
              }
            }
          },
          {
            "name": "collateral",
            "type": "u64"
          },
          {
            "name": "realizedPnl",
            "type": "i64"
          },
          {
            "name": "slot",
            "type": "u64"
          },
          {
            "name": "timestamp",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "liquidationExecuted",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "positionId",
            "type": "u64"
          },
          {
            "name": "user",
            "type": "pubkey"
          },
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "liquidatedSize",
            "type": "u64"
          },
          {
            "name": "liquidationPrice",
            "type": "u64"
          },
          {
            "name": "penaltyFee",
            "type": "u64"
          },
          {
            "name": "liquidator",
            "type": "pubkey"
          },
          {
            "name": "remainingSize",
            "type": "u64"
          },
          {
            "name": "timestamp",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "side",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "bid"
          },
          {
            "name": "ask"
          }
        ]
      }
    },
    {
      "name": "positionSide",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "flat"
          },
          {
            "name": "long"
          },
          {
            "name": "short"
          }
        ]
      }
    }
  ]
};
