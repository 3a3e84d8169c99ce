/**
 * Program IDL in camelCase format in order to be used in JS/TS.
 *
 * Note that this is only a type helper and is not the actual IDL. The original
 * IDL can be found at `target/idl/perps.json`.
 */
export type Perps = {
  "address": "vC2bYuwqmrKJN49datXvay8BHfcWR1dhiqLsZm9LkMX",
  "metadata": {
    "name": "perps",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "A perpetual-futures exchange for Solana, written with Anchor"
  },
  "instructions": [
    {
      "name": "createMarket",
      "docs": [
        "Lists a market at the next index. Admin only (`Unauthorized`). Fails on an invalid",
        "symbol, zero tick/lot size, fees over 1000 bps or maker > taker, margin ratios outside",
        "0 < maintenance < initial <= 10000, a penalty outside 1..=maintenance, or a zero price age.",
        "Emits `MarketCreated`."
      ],
      "discriminator": [
        103,
        226,
        97,
        235,
        200,
        188,
        251,
        254
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "admin",
          "signer": true,
          "relations": [
            "exchange"
          ]
        },
        {
          "name": "exchange",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  120,
                  99,
                  104,
                  97,
                  110,
                  103,
                  101
                ]
              }
            ]
          }
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "exchange"
              },
              {
                "kind": "account",
                "path": "exchange"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "createMarketArgs"
            }
          }
        }
      ]
    },
    {
      "name": "initialize",
      "docs": [
        "Creates the exchange (PDA `[\"exchange\"]`) with `admin` and the collateral vault",
        "(PDA `[\"vault\", exchange]`) for `quote_mint`. Once per deployment."
      ],
      "discriminator": [
        175,
        175,
        109,
        31,
        13,
        152,
        155,
        237
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "admin",
          "docs": [
            "Becomes the exchange admin."
          ],
          "signer": true
        },
        {
          "name": "exchange",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  120,
                  99,
                  104,
                  97,
                  110,
                  103,
                  101
                ]
              }
            ]
          }
        },
        {
          "name": "quoteMint",
          "docs": [
            "The collateral token."
          ]
        },
        {
          "name": "vault",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  118,
                  97,
                  117,
                  108,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "exchange"
              }
            ]
          }
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    }
  ],
  "accounts": [
    {
      "name": "exchange",
      "discriminator": [
        30,
        200,
        220,
        149,
        3,
        61,
        104,
        50
      ]
    },
    {
      "name": "market",
      "discriminator": [
        219,
        190,
        213,
        55,
        0,
        227,
        198,
        154
      ]
    }
  ],
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
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "unauthorized",
      "msg": "signer is not the exchange admin"
    },
    {
      "code": 6001,
      "name": "invalidSymbol",
      "msg": "market symbol must be 1-16 characters of A-Z, 0-9, '-', '/' or '_'"
    },
    {
      "code": 6002,
      "name": "invalidTickOrLotSize",
      "msg": "tick size and lot size must be greater than zero"
    },
    {
      "code": 6003,
      "name": "invalidFees",
      "msg": "fees must be at most 1000 bps and the maker fee at most the taker fee"
    },
    {
      "code": 6004,
      "name": "invalidMarginRatios",
      "msg": "margin ratios must satisfy 0 < maintenance < initial <= 10000 bps"
    },
    {
      "code": 6005,
      "name": "invalidLiquidationPenalty",
      "msg": "liquidation penalty must be greater than zero and at most the maintenance margin"
    },
    {
      "code": 6006,
      "name": "invalidPriceAge",
      "msg": "the price staleness limit must be greater than zero"
    },
    {
      "code": 6007,
      "name": "tooManyMarkets",
      "msg": "the exchange cannot hold more markets"
    },
    {
      "code": 6008,
      "name": "mathOverflow",
      "msg": "arithmetic overflow"
    },
    {
      "code": 6009,
      "name": "notPriceAuthority",
      "msg": "signer is not the market's price authority"
    },
    {
      "code": 6010,
      "name": "invalidPrice",
      "msg": "price must be greater than zero"
    },
    {
      "code": 6011,
      "name": "priceNotOnTick",
      "msg": "order price is not a multiple of the market's tick size"
    },
    {
      "code": 6012,
      "name": "invalidQuantity",
      "msg": "quantity must be greater than zero"
    },
    {
      "code": 6013,
      "name": "invalidAmount",
      "msg": "amount must be greater than zero"
    },
    {
      "code": 6014,
      "name": "priceStale",
      "msg": "the mark price is unset or older than the market's staleness limit"
    },
    {
      "code": 6015,
      "name": "insufficientCollateral",
      "msg": "not enough collateral in the position"
    },
    {
      "code": 6016,
      "name": "insufficientMargin",
      "msg": "equity would be below the initial margin requirement"
    },
    {
      "code": 6017,
      "name": "orderBookFull",
      "msg": "the order book side is full"
    },
    {
      "code": 6018,
      "name": "postOnlyWouldCross",
      "msg": "a post-only order would cross the book"
    },
    {
      "code": 6019,
      "name": "selfTrade",
      "msg": "the order would match a resting order of the same owner"
    },
    {
      "code": 6020,
      "name": "orderNotFound",
      "msg": "no resting order with this id on this side"
    },
    {
      "code": 6021,
      "name": "notOrderOwner",
      "msg": "the resting order belongs to another owner"
    },
    {
      "code": 6022,
      "name": "missingMakerPosition",
      "msg": "a maker's position account was not passed in remaining_accounts"
    },
    {
      "code": 6023,
      "name": "notLiquidatable",
      "msg": "the position is not below its maintenance margin requirement"
    },
    {
      "code": 6024,
      "name": "cannotLiquidateSelf",
      "msg": "a position cannot be liquidated by its own owner"
    },
    {
      "code": 6025,
      "name": "positionMarketMismatch",
      "msg": "the position belongs to another market"
    },
    {
      "code": 6026,
      "name": "nothingToSettle",
      "msg": "the two positions have no pnl to settle between them"
    },
    {
      "code": 6027,
      "name": "noOpenPosition",
      "msg": "the position has no open size"
    }
  ],
  "types": [
    {
      "name": "createMarketArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "symbol",
            "docs": [
              "1-16 characters of `A-Z 0-9 - / _`."
            ],
            "type": "string"
          },
          {
            "name": "tickSize",
            "docs": [
              "Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "baseLotSize",
            "docs": [
              "Unit: base atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "baseDecimals",
            "type": "u8"
          },
          {
            "name": "takerFeeBps",
            "docs": [
              "Unit: basis points of notional, at most 1000."
            ],
            "type": "u16"
          },
          {
            "name": "makerFeeBps",
            "docs": [
              "Unit: basis points of notional, at most the taker fee."
            ],
            "type": "u16"
          },
          {
            "name": "initialMarginBps",
            "docs": [
              "Unit: basis points of notional; greater than the maintenance margin, at most 10000."
            ],
            "type": "u16"
          },
          {
            "name": "maintenanceMarginBps",
            "docs": [
              "Unit: basis points of notional; greater than zero."
            ],
            "type": "u16"
          },
          {
            "name": "liquidationPenaltyBps",
            "docs": [
              "Unit: basis points of liquidated notional; in 1..=maintenance_margin_bps."
            ],
            "type": "u16"
          },
          {
            "name": "priceAuthority",
            "type": "pubkey"
          },
          {
            "name": "maxPriceAgeSecs",
            "docs": [
              "Unit: seconds; greater than zero."
            ],
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "exchange",
      "docs": [
        "The exchange: one per program deployment, PDA `[\"exchange\"]`."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "admin",
            "docs": [
              "May list markets."
            ],
            "type": "pubkey"
          },
          {
            "name": "quoteMint",
            "docs": [
              "The collateral token (e.g. a 6-decimal USD stablecoin). All quote amounts are in its atoms."
            ],
            "type": "pubkey"
          },
          {
            "name": "vault",
            "docs": [
              "Token account holding all collateral, PDA `[\"vault\", exchange]`, owned by the exchange PDA."
            ],
            "type": "pubkey"
          },
          {
            "name": "nextPositionId",
            "docs": [
              "Id handed to the next position opened in any market."
            ],
            "type": "u64"
          },
          {
            "name": "feesCollected",
            "docs": [
              "Trading and liquidation fees earned by the exchange. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "marketCount",
            "docs": [
              "Number of markets listed; the next market gets this index."
            ],
            "type": "u16"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          },
          {
            "name": "padding",
            "type": {
              "array": [
                "u8",
                4
              ]
            }
          },
          {
            "name": "reserved",
            "type": {
              "array": [
                "u8",
                64
              ]
            }
          }
        ]
      }
    },
    {
      "name": "market",
      "docs": [
        "A perpetual-futures market, PDA `[\"market\", exchange, index as u16 LE]`.",
        "",
        "Prices are quote atoms per base lot and quantities are base lots, so price × quantity is a",
        "notional in quote atoms."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "exchange",
            "type": "pubkey"
          },
          {
            "name": "priceAuthority",
            "docs": [
              "May call `set_price`."
            ],
            "type": "pubkey"
          },
          {
            "name": "symbol",
            "docs": [
              "ASCII ticker, zero-padded."
            ],
            "type": {
              "array": [
                "u8",
                16
              ]
            }
          },
          {
            "name": "tickSize",
            "docs": [
              "Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "baseLotSize",
            "docs": [
              "Unit: base atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "markPrice",
            "docs": [
              "Last price set by the price authority (0 until the first `set_price`).",
              "Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "priceUpdatedAt",
            "docs": [
              "When `mark_price` was set. Unit: Unix seconds."
            ],
            "type": "i64"
          },
          {
            "name": "fillSeq",
            "docs": [
              "Sequence number of the last fill in this market (0 before the first fill)."
            ],
            "type": "u64"
          },
          {
            "name": "maxPriceAgeSecs",
            "docs": [
              "Unit: seconds."
            ],
            "type": "u32"
          },
          {
            "name": "index",
            "type": "u16"
          },
          {
            "name": "takerFeeBps",
            "docs": [
              "Unit: basis points of notional."
            ],
            "type": "u16"
          },
          {
            "name": "makerFeeBps",
            "docs": [
              "Unit: basis points of notional."
            ],
            "type": "u16"
          },
          {
            "name": "initialMarginBps",
            "docs": [
              "Unit: basis points of notional."
            ],
            "type": "u16"
          },
          {
            "name": "maintenanceMarginBps",
            "docs": [
              "Unit: basis points of notional."
            ],
            "type": "u16"
          },
          {
            "name": "liquidationPenaltyBps",
            "docs": [
              "Unit: basis points of liquidated notional."
            ],
            "type": "u16"
          },
          {
            "name": "baseDecimals",
            "type": "u8"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "padding",
            "type": {
              "array": [
                "u8",
                6
              ]
            }
          },
          {
            "name": "reserved",
            "type": {
              "array": [
                "u8",
                128
              ]
            }
          }
        ]
      }
    },
    {
      "name": "marketCreated",
      "docs": [
        "A market was listed by the exchange admin (`create_market`)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "docs": [
              "The market account (PDA `[\"market\", exchange, index as u16 LE]`)."
            ],
            "type": "pubkey"
          },
          {
            "name": "index",
            "docs": [
              "Position of the market in the exchange, from 0."
            ],
            "type": "u16"
          },
          {
            "name": "symbol",
            "docs": [
              "Ticker, e.g. `SOL-PERP`."
            ],
            "type": "string"
          },
          {
            "name": "tickSize",
            "docs": [
              "Price increment. Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "baseLotSize",
            "docs": [
              "Quantity increment. Unit: base atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "baseDecimals",
            "docs": [
              "Decimals of the (synthetic) base asset, for display."
            ],
            "type": "u8"
          },
          {
            "name": "takerFeeBps",
            "docs": [
              "Fee charged to the taker of a fill. Unit: basis points of notional."
            ],
            "type": "u16"
          },
          {
            "name": "makerFeeBps",
            "docs": [
              "Fee charged to the maker of a fill. Unit: basis points of notional."
            ],
            "type": "u16"
          },
          {
            "name": "initialMarginBps",
            "docs": [
              "Margin required to open or grow a position. Unit: basis points of notional."
            ],
            "type": "u16"
          },
          {
            "name": "maintenanceMarginBps",
            "docs": [
              "Margin below which a position can be liquidated. Unit: basis points of notional."
            ],
            "type": "u16"
          },
          {
            "name": "liquidationPenaltyBps",
            "docs": [
              "Fee taken from a liquidated position. Unit: basis points of the liquidated notional."
            ],
            "type": "u16"
          },
          {
            "name": "priceAuthority",
            "docs": [
              "The only signer allowed to set the mark price."
            ],
            "type": "pubkey"
          },
          {
            "name": "maxPriceAgeSecs",
            "docs": [
              "A mark price older than this is stale. Unit: seconds."
            ],
            "type": "u32"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time of creation. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    }
  ]
};
