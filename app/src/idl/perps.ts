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
      "name": "acceptAdmin",
      "docs": [
        "Signed by the pending admin (`NotPendingAdmin`), which becomes the admin; the pending",
        "slot is cleared. Emits `AdminChanged`."
      ],
      "discriminator": [
        112,
        42,
        45,
        90,
        116,
        181,
        13,
        170
      ],
      "accounts": [
        {
          "name": "newAdmin",
          "docs": [
            "Must be `exchange.pending_admin` (checked by the controller, `NotPendingAdmin`)."
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
        }
      ],
      "args": []
    },
    {
      "name": "cancelOrder",
      "docs": [
        "Removes the owner's resting order `order_id` from `side` (`OrderNotFound`,",
        "`NotOrderOwner`). Emits `OrderCancelled` (reason `Owner`)."
      ],
      "discriminator": [
        95,
        129,
        237,
        240,
        8,
        49,
        223,
        132
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true
        },
        {
          "name": "market"
        },
        {
          "name": "orderBook",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "cancelOrderArgs"
            }
          }
        }
      ]
    },
    {
      "name": "closePosition",
      "docs": [
        "Closes the owner's position and returns its rent to the owner. Only a position with no",
        "size, no resting orders, no collateral and no unsettled PnL (`PositionNotEmpty`): withdraw",
        "and settle first. Emits `PositionClosed`."
      ],
      "discriminator": [
        123,
        134,
        81,
        0,
        49,
        68,
        98,
        98
      ],
      "accounts": [
        {
          "name": "owner",
          "docs": [
            "Owns the position and receives its rent."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "market"
        },
        {
          "name": "position",
          "docs": [
            "PDA `[\"position\", market, owner]`; closed (data zeroed, lamports to the owner)."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "createMarket",
      "docs": [
        "Lists market `index` (PDA `[\"market\", exchange, index u16 LE]`) and creates its order book",
        "(PDA `[\"book\", market]`, 64 orders per side). `index` must be the exchange's market count",
        "(`MarketIndexMismatch`). Admin only (`Unauthorized`). Fails on an invalid symbol, zero",
        "tick/lot size, fees over 1000 bps or maker > taker, margin ratios outside",
        "0 < maintenance < initial <= 10000, a penalty outside 1..=maintenance, a zero price age,",
        "a price band outside 1..=10000 bps (`InvalidPriceBand`), a zero minimum order notional or",
        "an order cap outside 1..=128 (`InvalidOrderLimits`). Emits `MarketCreated`."
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
                "kind": "arg",
                "path": "index"
              }
            ]
          }
        },
        {
          "name": "orderBook",
          "docs": [
            "The market's order book (8 248 bytes, under the 10 KiB limit of a CPI-created account)."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  98,
                  111,
                  111,
                  107
                ]
              },
              {
                "kind": "account",
                "path": "market"
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
          "name": "index",
          "type": "u16"
        },
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
      "name": "delistMarket",
      "docs": [
        "Delists the market for good: by the admin at any time, by anyone once the mark price has",
        "gone without an update for `max_price_age_secs` + 3 days (`DelistNotAllowed`). The last",
        "mark price becomes the final settlement price (never stale again), the book is emptied,",
        "`place_order` and `set_price` fail with `MarketNotListed`. Emits `MarketDelisted`."
      ],
      "discriminator": [
        159,
        116,
        65,
        106,
        234,
        42,
        248,
        251
      ],
      "accounts": [
        {
          "name": "caller",
          "docs": [
            "The admin, or anyone once the price has been stale past the escape delay (checked by the",
            "controller, `DelistNotAllowed`)."
          ],
          "signer": true
        },
        {
          "name": "exchange",
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
          },
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true
        },
        {
          "name": "orderBook",
          "docs": [
            "Emptied: resting orders are cancelled."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        }
      ],
      "args": []
    },
    {
      "name": "deposit",
      "docs": [
        "Moves `amount` quote atoms (> 0, `InvalidAmount`) from the owner's token account to the",
        "vault and credits the position's collateral. Emits `PositionUpdated`."
      ],
      "discriminator": [
        242,
        35,
        198,
        137,
        82,
        225,
        242,
        182
      ],
      "accounts": [
        {
          "name": "owner",
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
          },
          "relations": [
            "market"
          ]
        },
        {
          "name": "market"
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        },
        {
          "name": "userToken",
          "docs": [
            "The owner's token account of the quote mint (source of a deposit, destination of a",
            "withdrawal); never the vault itself (`TokenAccountIsVault`: a withdrawal \"to\" the vault",
            "would debit the position and move no tokens)."
          ],
          "writable": true
        },
        {
          "name": "vault",
          "docs": [
            "The exchange vault, PDA `[\"vault\", exchange]`."
          ],
          "writable": true,
          "relations": [
            "exchange"
          ]
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "depositArgs"
            }
          }
        }
      ]
    },
    {
      "name": "flattenPosition",
      "docs": [
        "Permissionless, delisted markets only (`MarketNotDelisted`). Closes the position's size at",
        "the settlement price (no fee) and clears its open-order counters (`NoOpenPosition` if",
        "there is nothing to do). Emits `PositionUpdated`."
      ],
      "discriminator": [
        99,
        204,
        92,
        57,
        246,
        121,
        121,
        145
      ],
      "accounts": [
        {
          "name": "market",
          "docs": [
            "Writable: flattening changes the market's open interest."
          ],
          "writable": true
        },
        {
          "name": "position",
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "initialize",
      "docs": [
        "Creates the exchange (PDA `[\"exchange\"]`) with `admin` and the collateral vault",
        "(PDA `[\"vault\", exchange]`) for `quote_mint`. Once per deployment, and only by the",
        "program's upgrade authority, which must sign as `admin` (`NotUpgradeAuthority`; its",
        "ProgramData account is `program_data`). Emits `ExchangeInitialized`."
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
            "Becomes the exchange admin. Must be the program's upgrade authority (the deployer), so",
            "nobody can front-run the deployment and take the exchange (`NotUpgradeAuthority`)."
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
        },
        {
          "name": "programData",
          "docs": [
            "The program's ProgramData account: the address the BPF upgradeable loader derives from",
            "the program id (PDA `[program id]` of the loader), owned by the loader, which alone can",
            "create it, at deployment. Deriving it (rather than reading it from the program account)",
            "also works where the program runs as a native builtin with a ProgramData account set up",
            "beside it (perps-localnet `--upgrade-authority`)."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  13,
                  160,
                  64,
                  113,
                  71,
                  97,
                  31,
                  107,
                  213,
                  193,
                  8,
                  220,
                  227,
                  225,
                  169,
                  216,
                  125,
                  176,
                  70,
                  109,
                  44,
                  92,
                  65,
                  73,
                  192,
                  227,
                  209,
                  15,
                  187,
                  87,
                  150,
                  170
                ]
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                2,
                168,
                246,
                145,
                78,
                136,
                161,
                176,
                226,
                16,
                21,
                62,
                247,
                99,
                174,
                43,
                0,
                194,
                185,
                61,
                22,
                193,
                36,
                210,
                192,
                83,
                122,
                16,
                4,
                128,
                0,
                0
              ]
            }
          }
        }
      ],
      "args": []
    },
    {
      "name": "liquidate",
      "docs": [
        "Permissionless. When the position's equity is below its maintenance requirement at a",
        "fresh mark (else `NotLiquidatable`), cancels its resting orders and transfers",
        "`min(max_quantity, close factor)` base lots at the mark price to the liquidator's",
        "position in the same market, which must stay above initial margin if its exposure grew",
        "(`InsufficientMargin`). The close factor is the least size that restores the margin",
        "ratio halfway between maintenance and initial (all of it when equity <= 0). Penalty:",
        "`liquidation_penalty_bps` of the notional, capped at `min(collateral, max(equity, 0))`;",
        "half to the liquidator's collateral (rounded down), the rest to the exchange, of which",
        "half to the market's insurance fund. A position left flat with negative equity is",
        "bankrupt: the insurance fund pays its deficit, the rest is spread over the market's open",
        "interest. Emits `LiquidationExecuted`, `PositionUpdated` (liquidated), `PositionUpdated`",
        "(liquidator), then `InsuranceFundChanged` (penalty share), and on bankruptcy",
        "`InsuranceFundChanged` (if it paid) and `BankruptcyResolved`."
      ],
      "discriminator": [
        223,
        179,
        226,
        125,
        48,
        46,
        39,
        74
      ],
      "accounts": [
        {
          "name": "liquidator",
          "docs": [
            "Anyone; takes over the liquidated size into its own position in this market."
          ],
          "signer": true
        },
        {
          "name": "exchange",
          "docs": [
            "Collects the exchange's share of the penalty."
          ],
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
          },
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "docs": [
            "Its open interest, insurance fund and socialized loss change."
          ],
          "writable": true
        },
        {
          "name": "orderBook",
          "docs": [
            "The liquidated owner's resting orders are cancelled first."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "position",
          "docs": [
            "The position being liquidated."
          ],
          "writable": true
        },
        {
          "name": "liquidatorPosition",
          "docs": [
            "The liquidator's position, PDA `[\"position\", market, liquidator]`."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "liquidator"
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "liquidateArgs"
            }
          }
        }
      ]
    },
    {
      "name": "openPosition",
      "docs": [
        "Creates the owner's position in a market (PDA `[\"position\", market, owner]`) with the",
        "next exchange-wide `position_id`; fails if it exists. Emits `PositionUpdated` (flat)."
      ],
      "discriminator": [
        135,
        128,
        47,
        77,
        15,
        152,
        240,
        49
      ],
      "accounts": [
        {
          "name": "owner",
          "docs": [
            "Owns the new position and pays its rent."
          ],
          "writable": true,
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
          },
          "relations": [
            "market"
          ]
        },
        {
          "name": "market"
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    },
    {
      "name": "placeOrder",
      "docs": [
        "Places a limit / post-only / immediate-or-cancel order (price in quote atoms per base",
        "lot on the tick and within the price band around a fresh mark, `PriceOutsideBand`;",
        "quantity in base lots; notional at least the market minimum, `OrderTooSmall`) and matches",
        "it at maker prices, price-time priority, at most `max_fills` (1..=8, `InvalidFillLimit`)",
        "fills. Maker positions go in `remaining_accounts` (writable, one per distinct maker, any",
        "order); matching stops at a maker that is not supplied. A crossing order outside the band,",
        "or whose maker would fall below maintenance, is cancelled (`OrderCancelled`) instead.",
        "A limit remainder rests unless the book still crosses, matching stopped, or it is below",
        "the minimum notional (then it is dropped); on a full side (64) it evicts the worst order",
        "if better and that owner's position is supplied, else `OrderBookFull`; at most",
        "`max_orders_per_position` resting orders (`TooManyOpenOrders`). Fails as a whole on",
        "`PostOnlyWouldCross`, `SelfTrade`, `InsufficientCollateral` (taker fee) or",
        "`InsufficientMargin` (the taker's health rule, `controller::orders::check_taker`).",
        "Emits per fill `OrderFilled`, `PositionUpdated` (taker), `PositionUpdated` (maker), and",
        "`OrderCancelled` per cancelled or evicted order. Fails on a delisted market",
        "(`MarketNotListed`)."
      ],
      "discriminator": [
        51,
        194,
        155,
        175,
        109,
        130,
        96,
        106
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true
        },
        {
          "name": "exchange",
          "docs": [
            "Collects the fees."
          ],
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
          },
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "docs": [
            "Listed (`MarketNotListed` once delisted)."
          ],
          "writable": true
        },
        {
          "name": "orderBook",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "position",
          "docs": [
            "The taker's position, PDA `[\"position\", market, owner]`."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "placeOrderArgs"
            }
          }
        }
      ]
    },
    {
      "name": "proposeAdmin",
      "docs": [
        "Admin only (`Unauthorized`). Names `new_admin` as the admin's successor; it takes over",
        "when it signs `accept_admin`. The default key withdraws a proposal. Emits `AdminProposed`."
      ],
      "discriminator": [
        121,
        214,
        199,
        212,
        87,
        39,
        117,
        234
      ],
      "accounts": [
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
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "proposeAdminArgs"
            }
          }
        }
      ]
    },
    {
      "name": "pruneOrders",
      "docs": [
        "Permissionless. Removes resting orders priced outside the market's band around a fresh",
        "mark whose owner's position is in `remaining_accounts` (writable), at most 32 per call",
        "(the log limit: call again for more), in one pass per side; `NothingToPrune` if none.",
        "Emits `OrderCancelled` (reason `OutOfBand`) for each."
      ],
      "discriminator": [
        27,
        213,
        159,
        191,
        12,
        116,
        112,
        121
      ],
      "accounts": [
        {
          "name": "market"
        },
        {
          "name": "orderBook",
          "writable": true,
          "relations": [
            "market"
          ]
        }
      ],
      "args": []
    },
    {
      "name": "setPrice",
      "docs": [
        "Sets the mark price (quote atoms per base lot, > 0 else `InvalidPrice`) and stamps it",
        "with the cluster time. Only the market's price authority (`NotPriceAuthority`), only",
        "while the market is listed (`MarketNotListed`)."
      ],
      "discriminator": [
        16,
        19,
        182,
        8,
        149,
        83,
        72,
        181
      ],
      "accounts": [
        {
          "name": "priceAuthority",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "docs": [
            "Listed (`MarketNotListed`: a delisted market's price is final)."
          ],
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setPriceArgs"
            }
          }
        }
      ]
    },
    {
      "name": "setPriceAuthority",
      "docs": [
        "Admin only (`Unauthorized`). Replaces the market's price authority, e.g. one that",
        "stopped updating. Emits `PriceAuthorityChanged`."
      ],
      "discriminator": [
        51,
        241,
        68,
        137,
        206,
        207,
        244,
        107
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true,
          "relations": [
            "exchange"
          ]
        },
        {
          "name": "exchange",
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
          },
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setPriceAuthorityArgs"
            }
          }
        }
      ]
    },
    {
      "name": "settlePnl",
      "docs": [
        "Permissionless. Moves collateral from a position with negative PnL to one with positive",
        "PnL in the same market: only from a payer with equity >= 0 (`CounterpartyBankrupt`); at",
        "most the payer's loss and collateral and the receiver's settleable PnL (realised in full,",
        "unrealised up to 25 % of its notional at the mark); else `NothingToSettle`. Makes profit",
        "withdrawable. Needs a fresh price. Emits `PositionUpdated` for the profitable, then the",
        "losing position."
      ],
      "discriminator": [
        43,
        61,
        234,
        45,
        15,
        95,
        152,
        153
      ],
      "accounts": [
        {
          "name": "market"
        },
        {
          "name": "profitPosition",
          "docs": [
            "A position with positive PnL (receives collateral)."
          ],
          "writable": true
        },
        {
          "name": "lossPosition",
          "docs": [
            "A position with negative PnL (pays from its collateral)."
          ],
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "updateMarketParams",
      "docs": [
        "Admin only (`Unauthorized`), listed markets only (`MarketNotListed`). Replaces the fees",
        "(bps), margin ratios (bps), liquidation penalty (bps) and price staleness limit (seconds),",
        "validated exactly as `create_market` validates them. Emits `MarketParamsUpdated`."
      ],
      "discriminator": [
        70,
        117,
        202,
        191,
        205,
        174,
        92,
        82
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true,
          "relations": [
            "exchange"
          ]
        },
        {
          "name": "exchange",
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
          },
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "params",
          "type": {
            "defined": {
              "name": "marketParams"
            }
          }
        }
      ]
    },
    {
      "name": "withdraw",
      "docs": [
        "Moves `amount` quote atoms of the position's collateral back to the owner (`user_token`,",
        "never the vault: `TokenAccountIsVault`). At most the",
        "collateral (`InsufficientCollateral`) and at most `collateral + min(pnl, 0)` minus the",
        "initial requirement of size and resting orders (`InsufficientMargin`): positive PnL must",
        "be settled first. Needs a fresh price (`PriceStale`) unless the position is flat with no",
        "orders. Emits `PositionUpdated`."
      ],
      "discriminator": [
        183,
        18,
        70,
        156,
        148,
        109,
        161,
        34
      ],
      "accounts": [
        {
          "name": "owner",
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
          },
          "relations": [
            "market"
          ]
        },
        {
          "name": "market"
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        },
        {
          "name": "userToken",
          "docs": [
            "The owner's token account of the quote mint (source of a deposit, destination of a",
            "withdrawal); never the vault itself (`TokenAccountIsVault`: a withdrawal \"to\" the vault",
            "would debit the position and move no tokens)."
          ],
          "writable": true
        },
        {
          "name": "vault",
          "docs": [
            "The exchange vault, PDA `[\"vault\", exchange]`."
          ],
          "writable": true,
          "relations": [
            "exchange"
          ]
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "withdrawArgs"
            }
          }
        }
      ]
    },
    {
      "name": "withdrawFees",
      "docs": [
        "Admin only (`Unauthorized`). Moves `amount` quote atoms (> 0, `InvalidAmount`; at most",
        "`fees_collected`, `InsufficientFees`) of collected fees from the vault to `treasury`, a",
        "token account of the quote mint that is not the vault (`TokenAccountIsVault`). Collateral",
        "is never touched. Emits `FeesWithdrawn`."
      ],
      "discriminator": [
        198,
        212,
        171,
        109,
        144,
        215,
        174,
        89
      ],
      "accounts": [
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
          "name": "vault",
          "docs": [
            "The exchange vault, PDA `[\"vault\", exchange]`."
          ],
          "writable": true,
          "relations": [
            "exchange"
          ]
        },
        {
          "name": "treasury",
          "docs": [
            "Any token account of the quote mint the admin chooses (a treasury), never the vault",
            "(`TokenAccountIsVault`)."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "withdrawFeesArgs"
            }
          }
        }
      ]
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
    },
    {
      "name": "orderBook",
      "discriminator": [
        55,
        230,
        125,
        218,
        149,
        39,
        65,
        248
      ]
    },
    {
      "name": "position",
      "discriminator": [
        170,
        188,
        143,
        228,
        122,
        64,
        247,
        208
      ]
    }
  ],
  "events": [
    {
      "name": "adminChanged",
      "discriminator": [
        232,
        34,
        31,
        226,
        62,
        18,
        19,
        114
      ]
    },
    {
      "name": "adminProposed",
      "discriminator": [
        129,
        249,
        226,
        227,
        199,
        82,
        110,
        243
      ]
    },
    {
      "name": "bankruptcyResolved",
      "discriminator": [
        94,
        86,
        196,
        195,
        106,
        72,
        227,
        169
      ]
    },
    {
      "name": "exchangeInitialized",
      "discriminator": [
        200,
        154,
        187,
        160,
        29,
        243,
        230,
        104
      ]
    },
    {
      "name": "feesWithdrawn",
      "discriminator": [
        234,
        15,
        0,
        119,
        148,
        241,
        40,
        21
      ]
    },
    {
      "name": "insuranceFundChanged",
      "discriminator": [
        50,
        166,
        151,
        57,
        172,
        252,
        184,
        249
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
    },
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
      "name": "marketDelisted",
      "discriminator": [
        221,
        179,
        59,
        161,
        218,
        81,
        167,
        151
      ]
    },
    {
      "name": "marketParamsUpdated",
      "discriminator": [
        88,
        163,
        120,
        117,
        160,
        118,
        99,
        60
      ]
    },
    {
      "name": "orderCancelled",
      "discriminator": [
        108,
        56,
        128,
        68,
        168,
        113,
        168,
        239
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
      "name": "positionClosed",
      "discriminator": [
        157,
        163,
        227,
        228,
        13,
        97,
        138,
        121
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
      "name": "priceAuthorityChanged",
      "discriminator": [
        53,
        190,
        99,
        147,
        139,
        67,
        199,
        231
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
    },
    {
      "code": 6028,
      "name": "marketIndexMismatch",
      "msg": "the market index must equal the exchange's market count"
    },
    {
      "code": 6029,
      "name": "invalidPriceBand",
      "msg": "the price band must be 1-10000 bps of the mark price"
    },
    {
      "code": 6030,
      "name": "invalidOrderLimits",
      "msg": "the minimum order notional must be greater than zero and the order cap 1-128"
    },
    {
      "code": 6031,
      "name": "priceOutsideBand",
      "msg": "the order price is outside the market's price band around the mark"
    },
    {
      "code": 6032,
      "name": "orderTooSmall",
      "msg": "the order notional is below the market's minimum"
    },
    {
      "code": 6033,
      "name": "tooManyOpenOrders",
      "msg": "the position has the market's maximum number of resting orders"
    },
    {
      "code": 6034,
      "name": "invalidFillLimit",
      "msg": "the fill limit must be between 1 and MAX_FILLS_PER_ORDER"
    },
    {
      "code": 6035,
      "name": "counterpartyBankrupt",
      "msg": "the paying position's equity is negative: liquidate it first"
    },
    {
      "code": 6036,
      "name": "nothingToPrune",
      "msg": "no resting order outside the price band could be pruned"
    },
    {
      "code": 6037,
      "name": "notUpgradeAuthority",
      "msg": "signer is not the program's upgrade authority (only the deployer may initialize)"
    },
    {
      "code": 6038,
      "name": "tokenAccountIsVault",
      "msg": "the token account is the exchange vault itself"
    },
    {
      "code": 6039,
      "name": "notPendingAdmin",
      "msg": "signer is not the exchange's pending admin"
    },
    {
      "code": 6040,
      "name": "insufficientFees",
      "msg": "amount exceeds the fees collected by the exchange"
    },
    {
      "code": 6041,
      "name": "positionNotEmpty",
      "msg": "the position still has size, resting orders, collateral or unsettled pnl"
    },
    {
      "code": 6042,
      "name": "marketNotListed",
      "msg": "the market is delisted: no trading and no price updates"
    },
    {
      "code": 6043,
      "name": "marketNotDelisted",
      "msg": "the market is not delisted"
    },
    {
      "code": 6044,
      "name": "delistNotAllowed",
      "msg": "only the admin may delist a market whose price is set and not stale for longer than the escape delay"
    },
    {
      "code": 6045,
      "name": "positionBankrupt",
      "msg": "the position's equity is negative: liquidate it (the insurance fund and socialization cover its deficit) instead"
    }
  ],
  "types": [
    {
      "name": "adminChanged",
      "docs": [
        "The pending admin accepted (`accept_admin`) and is now the admin."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "previousAdmin",
            "type": "pubkey"
          },
          {
            "name": "admin",
            "docs": [
              "The new admin (signer)."
            ],
            "type": "pubkey"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "adminProposed",
      "docs": [
        "The admin named a successor (`propose_admin`); it takes over once it signs `accept_admin`.",
        "`pending_admin` = the default (all-zero) key withdraws a proposal."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "admin",
            "docs": [
              "The current admin (signer)."
            ],
            "type": "pubkey"
          },
          {
            "name": "pendingAdmin",
            "type": "pubkey"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "bankruptcyResolved",
      "docs": [
        "A liquidated position was left flat with negative equity (`liquidate`): its deficit was",
        "covered by the market's insurance fund first, and the rest written off against every other",
        "open position of the market in proportion to its size (applied to each position's",
        "`realized_pnl` when it is next touched; to the liquidator's at once)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "positionId",
            "docs": [
              "The bankrupt position's id."
            ],
            "type": "u64"
          },
          {
            "name": "owner",
            "docs": [
              "Owner of the bankrupt position."
            ],
            "type": "pubkey"
          },
          {
            "name": "deficit",
            "docs": [
              "Negative equity before resolution. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "insurancePaid",
            "docs": [
              "Paid by the insurance fund into the position's collateral. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "socialized",
            "docs": [
              "Written off and spread over the market's open interest. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "cumulativeLossPerLot",
            "docs": [
              "The market's cumulative socialized loss per base lot after this resolution.",
              "Unit: quote atoms per base lot, scaled by `LOSS_SCALE` (1e6)."
            ],
            "type": "u64"
          },
          {
            "name": "spreadOverLots",
            "docs": [
              "Lots of open size (long and short, the bankrupt position's excluded) the written-off",
              "loss was spread over. Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "insuranceBalance",
            "docs": [
              "The market's insurance fund after resolution. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "bookSide",
      "docs": [
        "One side of the book, sorted best first: bids by price descending, asks ascending, ties by",
        "`order_id` ascending (price-time priority)."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "count",
            "type": "u64"
          },
          {
            "name": "orders",
            "type": {
              "array": [
                {
                  "defined": {
                    "name": "order"
                  }
                },
                64
              ]
            }
          }
        ]
      }
    },
    {
      "name": "cancelOrderArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "side",
            "docs": [
              "The side the order rests on."
            ],
            "type": {
              "defined": {
                "name": "side"
              }
            }
          },
          {
            "name": "orderId",
            "docs": [
              "The id assigned by `place_order` (see `market.next_order_id`)."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "cancelReason",
      "docs": [
        "Why a resting order left the book without filling (`OrderCancelled.reason`)."
      ],
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "owner"
          },
          {
            "name": "outOfBand"
          },
          {
            "name": "makerUnhealthy"
          },
          {
            "name": "evicted"
          },
          {
            "name": "dustRemainder"
          }
        ]
      }
    },
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
          },
          {
            "name": "priceBandBps",
            "docs": [
              "Orders rest and fill only within this distance of the mark. Unit: basis points of the",
              "mark, 1..=10000."
            ],
            "type": "u16"
          },
          {
            "name": "minOrderNotional",
            "docs": [
              "Smallest `price × quantity` of an order, and of a remainder that rests. Unit: quote",
              "atoms, greater than zero."
            ],
            "type": "u64"
          },
          {
            "name": "maxOrdersPerPosition",
            "docs": [
              "Most resting orders per position, 1..=128 (both book sides)."
            ],
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "depositArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "docs": [
              "Greater than zero. Unit: quote atoms."
            ],
            "type": "u64"
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
              "May list markets, change their parameters and price authorities, delist them and",
              "withdraw fees. Rotated with `propose_admin` + `accept_admin`."
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
            "name": "totalCollateral",
            "docs": [
              "Sum of `collateral` over all positions. Unit: quote atoms.",
              "Invariant (checkable by anyone): see `insurance_fund`."
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
            "name": "insuranceFund",
            "docs": [
              "Sum of every market's `insurance_fund`. Unit: quote atoms. Invariant:",
              "`vault.amount == total_collateral + fees_collected + insurance_fund`."
            ],
            "type": "u64"
          },
          {
            "name": "pendingAdmin",
            "docs": [
              "Proposed successor of `admin` (`propose_admin`), the default key when none; becomes the",
              "admin when it signs `accept_admin`. Taken from the reserved bytes (size unchanged)."
            ],
            "type": "pubkey"
          },
          {
            "name": "reserved",
            "type": {
              "array": [
                "u8",
                16
              ]
            }
          }
        ]
      }
    },
    {
      "name": "exchangeInitialized",
      "docs": [
        "The exchange was created (`initialize`) by the program's upgrade authority."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "exchange",
            "docs": [
              "The exchange account (PDA `[\"exchange\"]`)."
            ],
            "type": "pubkey"
          },
          {
            "name": "admin",
            "docs": [
              "The first admin."
            ],
            "type": "pubkey"
          },
          {
            "name": "quoteMint",
            "docs": [
              "The collateral mint."
            ],
            "type": "pubkey"
          },
          {
            "name": "vault",
            "docs": [
              "The collateral vault (PDA `[\"vault\", exchange]`)."
            ],
            "type": "pubkey"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "feesWithdrawn",
      "docs": [
        "The admin moved collected fees out of the vault (`withdraw_fees`)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "admin",
            "docs": [
              "The admin (signer)."
            ],
            "type": "pubkey"
          },
          {
            "name": "treasury",
            "docs": [
              "The token account that received the fees."
            ],
            "type": "pubkey"
          },
          {
            "name": "amount",
            "docs": [
              "Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "feesRemaining",
            "docs": [
              "`exchange.fees_collected` after the withdrawal. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "insuranceFundChanged",
      "docs": [
        "The insurance fund of a market changed by something other than its share of trading fees",
        "(that share is `floor((taker_fee + maker_fee) × INSURANCE_SHARE_BPS / 10000)` of each",
        "`OrderFilled`, and is included in the next `balance` reported here)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "positionId",
            "docs": [
              "The position whose liquidation or bankruptcy caused the change."
            ],
            "type": "u64"
          },
          {
            "name": "delta",
            "docs": [
              "Signed change: positive = paid in. Unit: quote atoms."
            ],
            "type": "i64"
          },
          {
            "name": "balance",
            "docs": [
              "The market's insurance fund after the change. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "reason",
            "type": {
              "defined": {
                "name": "insuranceReason"
              }
            }
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "insuranceReason",
      "docs": [
        "Why the insurance fund of a market changed (`InsuranceFundChanged.reason`)."
      ],
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "liquidationPenalty"
          },
          {
            "name": "bankruptcy"
          }
        ]
      }
    },
    {
      "name": "liquidateArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "maxQuantity",
            "docs": [
              "Most size to take over (the close factor may take less). Greater than zero.",
              "Unit: base lots."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "liquidationExecuted",
      "docs": [
        "A position was (partly) liquidated (`liquidate`): the liquidator took over",
        "`liquidated_size` at the mark price. Followed by `PositionUpdated` for the liquidated",
        "position, then for the liquidator's position."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "positionId",
            "docs": [
              "The liquidated position's id."
            ],
            "type": "u64"
          },
          {
            "name": "user",
            "docs": [
              "Owner of the liquidated position."
            ],
            "type": "pubkey"
          },
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "liquidatedSize",
            "docs": [
              "Size transferred to the liquidator. Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "liquidationPrice",
            "docs": [
              "The mark price at which it was transferred. Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "penaltyFee",
            "docs": [
              "Penalty taken from the liquidated position's collateral:",
              "`min(ceil(liquidated notional × liquidation_penalty_bps / 10000), collateral)`.",
              "Unit: quote atoms. Equals `liquidator_fee + exchange_fee`."
            ],
            "type": "u64"
          },
          {
            "name": "liquidator",
            "docs": [
              "The liquidator's wallet."
            ],
            "type": "pubkey"
          },
          {
            "name": "remainingSize",
            "docs": [
              "Absolute size left in the liquidated position. Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "liquidatorPositionId",
            "docs": [
              "The liquidator's position id (it received the size and `liquidator_fee`)."
            ],
            "type": "u64"
          },
          {
            "name": "liquidatorFee",
            "docs": [
              "Part of the penalty credited to the liquidator's position collateral. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "exchangeFee",
            "docs": [
              "Part of the penalty added to `exchange.fees_collected`. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
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
            "name": "orderBook",
            "docs": [
              "The market's order book, PDA `[\"book\", market]`."
            ],
            "type": "pubkey"
          },
          {
            "name": "nextOrderId",
            "docs": [
              "Id handed to the next order placed in this market (ids start at 1, increase by 1)."
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
            "name": "status",
            "docs": [
              "`MARKET_LISTED` or `MARKET_DELISTED` (`delist_market`, final). Taken from the padding."
            ],
            "type": "u8"
          },
          {
            "name": "padding",
            "type": {
              "array": [
                "u8",
                5
              ]
            }
          },
          {
            "name": "priceBandBps",
            "docs": [
              "Orders may rest and fill only within this distance of the mark price:",
              "`|price - mark| <= mark × price_band_bps / 10000`. Unit: basis points of the mark."
            ],
            "type": "u16"
          },
          {
            "name": "maxOrdersPerPosition",
            "docs": [
              "Most resting orders one position may have in the book (both sides)."
            ],
            "type": "u16"
          },
          {
            "name": "riskPadding",
            "type": {
              "array": [
                "u8",
                4
              ]
            }
          },
          {
            "name": "minOrderNotional",
            "docs": [
              "Smallest `price × quantity` an order may have when placed, and a remainder must have to",
              "rest. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "insuranceFund",
            "docs": [
              "Fed by `INSURANCE_SHARE_BPS` of the exchange's fees and penalties in this market; pays",
              "bankrupt positions' deficits first. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "openInterest",
            "docs": [
              "Sum of the long sizes (= sum of the short sizes). Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "cumulativeLossPerLot",
            "docs": [
              "Bad debt written off per base lot of open size, cumulative. Each position pays",
              "`(cumulative_loss_per_lot - position.loss_snapshot) × |size| / LOSS_SCALE` (rounded up)",
              "the next time it is touched. Unit: quote atoms per base lot × `LOSS_SCALE`."
            ],
            "type": "u64"
          },
          {
            "name": "socializedLossTotal",
            "docs": [
              "Deficits of bankrupt positions written off against open interest, cumulative.",
              "Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "flattenedSize",
            "docs": [
              "Sum of the signed sizes `flatten_position` closed after delisting (with no counterparty),",
              "so `Σ position.size == -flattened_size` and the open lots are",
              "`2 × open_interest + flattened_size`; 0 while listed. Unit: base lots."
            ],
            "type": "i64"
          },
          {
            "name": "reserved",
            "type": {
              "array": [
                "u8",
                32
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
    },
    {
      "name": "marketDelisted",
      "docs": [
        "A market was delisted (`delist_market`): trading and price updates stop for good, its resting",
        "orders are cancelled and every position is valued (and can be flattened) at",
        "`settlement_price`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "delistedBy",
            "docs": [
              "The signer: the admin, or anyone once the price was stale past the escape delay."
            ],
            "type": "pubkey"
          },
          {
            "name": "byAdmin",
            "docs": [
              "Whether the signer was the admin."
            ],
            "type": "bool"
          },
          {
            "name": "settlementPrice",
            "docs": [
              "The last mark price, final. Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "priceUpdatedAt",
            "docs": [
              "When that price was set. Unit: Unix seconds."
            ],
            "type": "i64"
          },
          {
            "name": "cancelledOrders",
            "docs": [
              "Resting orders removed from the book (bids + asks)."
            ],
            "type": "u16"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "marketParams",
      "docs": [
        "The parameters of a market the admin may change after listing (tick size, lot size, symbol",
        "and index are fixed for life: resting orders and positions are denominated in them)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
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
            "name": "maxPriceAgeSecs",
            "docs": [
              "A mark price older than this is stale. Unit: seconds; greater than zero."
            ],
            "type": "u32"
          },
          {
            "name": "priceBandBps",
            "docs": [
              "Orders rest and fill only within this distance of the mark. Unit: basis points of the",
              "mark, 1..=10000."
            ],
            "type": "u16"
          },
          {
            "name": "minOrderNotional",
            "docs": [
              "Smallest `price × quantity` of an order, and of a remainder that rests. Unit: quote",
              "atoms, greater than zero."
            ],
            "type": "u64"
          },
          {
            "name": "maxOrdersPerPosition",
            "docs": [
              "Most resting orders per position, 1..=128 (both book sides)."
            ],
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "marketParamsUpdated",
      "docs": [
        "The admin changed a market's fee and risk parameters (`update_market_params`). Units of each",
        "field: see `MarketParams`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "admin",
            "docs": [
              "The admin (signer)."
            ],
            "type": "pubkey"
          },
          {
            "name": "previous",
            "type": {
              "defined": {
                "name": "marketParams"
              }
            }
          },
          {
            "name": "params",
            "type": {
              "defined": {
                "name": "marketParams"
              }
            }
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "order",
      "docs": [
        "A resting order."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "owner",
            "docs": [
              "Owner of the order and of the maker position `[\"position\", market, owner]`."
            ],
            "type": "pubkey"
          },
          {
            "name": "orderId",
            "docs": [
              "Unique in the market, increasing: the time priority."
            ],
            "type": "u64"
          },
          {
            "name": "positionId",
            "docs": [
              "The maker position's id."
            ],
            "type": "u64"
          },
          {
            "name": "price",
            "docs": [
              "Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "quantity",
            "docs": [
              "Remaining quantity. Unit: base lots."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "orderBook",
      "docs": [
        "The order book of one market, PDA `[\"book\", market]`."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "bids",
            "type": {
              "defined": {
                "name": "bookSide"
              }
            }
          },
          {
            "name": "asks",
            "type": {
              "defined": {
                "name": "bookSide"
              }
            }
          }
        ]
      }
    },
    {
      "name": "orderCancelled",
      "docs": [
        "A resting order left the book without filling: cancelled by its owner, pruned or met outside",
        "the price band, cancelled at fill time because the maker would fall below maintenance, or",
        "evicted from a full side by a better order. Liquidation's cancellation of the liquidated",
        "owner's orders emits no per-order event (`LiquidationExecuted` implies it)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "owner",
            "docs": [
              "Owner of the order."
            ],
            "type": "pubkey"
          },
          {
            "name": "positionId",
            "docs": [
              "The owner's position id."
            ],
            "type": "u64"
          },
          {
            "name": "orderId",
            "docs": [
              "The cancelled order's id."
            ],
            "type": "u64"
          },
          {
            "name": "side",
            "docs": [
              "The side it rested on."
            ],
            "type": {
              "defined": {
                "name": "side"
              }
            }
          },
          {
            "name": "price",
            "docs": [
              "Its limit price. Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "quantity",
            "docs": [
              "Quantity that was still resting. Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "reason",
            "type": {
              "defined": {
                "name": "cancelReason"
              }
            }
          },
          {
            "name": "markPrice",
            "docs": [
              "The market's mark price when it was cancelled. Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "orderFilled",
      "docs": [
        "One fill between an incoming (taker) order and a resting (maker) order (`place_order`).",
        "Emitted once per fill, followed by `PositionUpdated` for the taker, then for the maker."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "positionId",
            "docs": [
              "The taker's position id."
            ],
            "type": "u64"
          },
          {
            "name": "orderId",
            "docs": [
              "The taker's (incoming) order id, unique in the market."
            ],
            "type": "u64"
          },
          {
            "name": "price",
            "docs": [
              "Fill price (the maker's price). Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "quantity",
            "docs": [
              "Fill quantity. Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "takerFee",
            "docs": [
              "Fee paid by the taker: `ceil(price × quantity × taker_fee_bps / 10000)`. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "makerFee",
            "docs": [
              "Fee paid by the maker: `ceil(price × quantity × maker_fee_bps / 10000)`, capped at the",
              "maker's collateral. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "taker",
            "docs": [
              "The taker's wallet (owner of the taker position)."
            ],
            "type": "pubkey"
          },
          {
            "name": "maker",
            "docs": [
              "The maker's wallet (owner of the maker position)."
            ],
            "type": "pubkey"
          },
          {
            "name": "makerPositionId",
            "docs": [
              "The maker's position id."
            ],
            "type": "u64"
          },
          {
            "name": "makerOrderId",
            "docs": [
              "The maker's (resting) order id."
            ],
            "type": "u64"
          },
          {
            "name": "takerSide",
            "docs": [
              "Side of the taker: `Bid` = the taker bought."
            ],
            "type": {
              "defined": {
                "name": "side"
              }
            }
          },
          {
            "name": "seq",
            "docs": [
              "Per-market fill sequence number (`market.fill_seq` after this fill): 1, 2, 3, … without",
              "gaps, so a consumer can detect a missed fill."
            ],
            "type": "u64"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time of the fill. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "orderType",
      "docs": [
        "How an incoming order treats the book."
      ],
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "limit"
          },
          {
            "name": "postOnly"
          },
          {
            "name": "immediateOrCancel"
          }
        ]
      }
    },
    {
      "name": "placeOrderArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "side",
            "type": {
              "defined": {
                "name": "side"
              }
            }
          },
          {
            "name": "price",
            "docs": [
              "Limit price: a positive multiple of the market's tick size, within the market's price",
              "band around the mark. Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "quantity",
            "docs": [
              "Greater than zero; `price × quantity` at least the market's minimum notional.",
              "Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "orderType",
            "type": {
              "defined": {
                "name": "orderType"
              }
            }
          },
          {
            "name": "maxFills",
            "docs": [
              "Most resting orders this order may fill, 1..=`MAX_FILLS_PER_ORDER` (8)."
            ],
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "position",
      "docs": [
        "One trader's position in one market, PDA `[\"position\", market, owner]`.",
        "",
        "**Isolated margin**: the position holds its own collateral; a loss in one market never draws",
        "on collateral in another. Collateral moves only by deposit, withdraw, fees, liquidation",
        "penalties and `settle_pnl`; trading PnL accrues in `realized_pnl` (zero-sum across positions)",
        "and counts in equity at once, but becomes withdrawable cash only when `settle_pnl` moves it from",
        "a losing position's collateral. That keeps the vault exactly equal to",
        "`Σ collateral + fees_collected` at all times."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "positionId",
            "docs": [
              "Unique in the exchange, from `exchange.next_position_id`."
            ],
            "type": "u64"
          },
          {
            "name": "size",
            "docs": [
              "Signed size, positive long. Unit: base lots."
            ],
            "type": "i64"
          },
          {
            "name": "costBasis",
            "docs": [
              "`|size| × average entry price`, exact. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "collateral",
            "docs": [
              "Cash held by the position. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "realizedPnl",
            "docs": [
              "Cumulative realised trading PnL (fees excluded: they come out of collateral).",
              "Unit: quote atoms."
            ],
            "type": "i64"
          },
          {
            "name": "settledPnl",
            "docs": [
              "Cumulative PnL moved into (+) or out of (-) collateral by `settle_pnl`. Unit: quote atoms."
            ],
            "type": "i64"
          },
          {
            "name": "bidOpenLots",
            "docs": [
              "Remaining quantity of this position's resting bids. Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "askOpenLots",
            "docs": [
              "Remaining quantity of this position's resting asks. Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "openOrders",
            "docs": [
              "Number of resting orders of this position in the book."
            ],
            "type": "u16"
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
                5
              ]
            }
          },
          {
            "name": "bidOpenNotional",
            "docs": [
              "`Σ price × quantity` of this position's resting bids. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "askOpenNotional",
            "docs": [
              "`Σ price × quantity` of this position's resting asks. Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "lossSnapshot",
            "docs": [
              "`market.cumulative_loss_per_lot` when the socialized loss was last applied.",
              "Unit: quote atoms per base lot × `LOSS_SCALE`."
            ],
            "type": "u64"
          },
          {
            "name": "socializedLoss",
            "docs": [
              "Socialized bad debt charged to this position's `realized_pnl`, cumulative.",
              "Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "reserved",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "positionClosed",
      "docs": [
        "A flat position without orders, collateral or unsettled PnL was closed by its owner",
        "(`close_position`); the account's rent went back to the owner."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "positionId",
            "docs": [
              "The closed position's id (never reused)."
            ],
            "type": "u64"
          },
          {
            "name": "user",
            "docs": [
              "Owner of the position (signer, received the rent)."
            ],
            "type": "pubkey"
          },
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "rentReturned",
            "docs": [
              "Lamports returned to the owner."
            ],
            "type": "u64"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "positionSide",
      "docs": [
        "Direction of a position as reported in `PositionUpdated`."
      ],
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
    },
    {
      "name": "positionUpdated",
      "docs": [
        "A position changed: opened, deposited into, withdrawn from, filled (taker or maker),",
        "liquidated, or settled."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "positionId",
            "docs": [
              "Unique in the exchange."
            ],
            "type": "u64"
          },
          {
            "name": "user",
            "docs": [
              "Owner of the position."
            ],
            "type": "pubkey"
          },
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "size",
            "docs": [
              "Absolute size; the direction is `side`. Unit: base lots."
            ],
            "type": "u64"
          },
          {
            "name": "entryPrice",
            "docs": [
              "Average entry price, `cost_basis / size` rounded down; 0 when flat.",
              "Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "unrealizedPnl",
            "docs": [
              "PnL of the open size at `mark_price` (exact, from the cost basis). Unit: quote atoms."
            ],
            "type": "i64"
          },
          {
            "name": "side",
            "docs": [
              "Flat, long or short."
            ],
            "type": {
              "defined": {
                "name": "positionSide"
              }
            }
          },
          {
            "name": "collateral",
            "docs": [
              "Cash held by the position (isolated margin). Unit: quote atoms."
            ],
            "type": "u64"
          },
          {
            "name": "realizedPnl",
            "docs": [
              "Cumulative realised trading PnL, fees excluded. Unit: quote atoms."
            ],
            "type": "i64"
          },
          {
            "name": "settledPnl",
            "docs": [
              "Cumulative PnL moved into (+) or out of (-) collateral by `settle_pnl`. Unit: quote atoms.",
              "Equity = collateral + realized_pnl - settled_pnl + unrealized_pnl."
            ],
            "type": "i64"
          },
          {
            "name": "markPrice",
            "docs": [
              "The market's mark price used for `unrealized_pnl` (0 if never set).",
              "Unit: quote atoms per base lot."
            ],
            "type": "u64"
          },
          {
            "name": "slot",
            "docs": [
              "Slot of the change."
            ],
            "type": "u64"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time of the change. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "priceAuthorityChanged",
      "docs": [
        "The admin replaced a market's price authority (`set_price_authority`)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "docs": [
              "The market account."
            ],
            "type": "pubkey"
          },
          {
            "name": "admin",
            "docs": [
              "The admin (signer)."
            ],
            "type": "pubkey"
          },
          {
            "name": "previousPriceAuthority",
            "type": "pubkey"
          },
          {
            "name": "priceAuthority",
            "type": "pubkey"
          },
          {
            "name": "timestamp",
            "docs": [
              "Cluster time. Unit: Unix seconds."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "proposeAdminArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "newAdmin",
            "docs": [
              "The successor; the default (all-zero) key withdraws a pending proposal."
            ],
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "setPriceArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "price",
            "docs": [
              "New mark price, greater than zero (need not be on the tick). Unit: quote atoms per base lot."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "setPriceAuthorityArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "priceAuthority",
            "docs": [
              "The only signer `set_price` will accept from now on."
            ],
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "side",
      "docs": [
        "Side of an order: a bid buys base, an ask sells base."
      ],
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
      "name": "withdrawArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "docs": [
              "Greater than zero. Unit: quote atoms."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "withdrawFeesArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "docs": [
              "Greater than zero, at most `exchange.fees_collected`. Unit: quote atoms."
            ],
            "type": "u64"
          }
        ]
      }
    }
  ]
};
