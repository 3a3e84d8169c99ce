//! The TypeScript type of an IDL, as `anchor idl build -t` writes it: the IDL with its names in
//! camelCase, pretty-printed as JSON inside `export type <Name> = …;`.
//!
//! Which strings count as names follows the CLI's rule: every string that is the value of an
//! object field and consists of word characters only (`name`, `path`, `defined`, `account`,
//! `kind`, …) — except those that are public keys (base58 of 32 bytes) — is renamed wherever
//! it occurs in the IDL as a whole string: field values, array items (`relations`) and keys.

use anchor_lang_idl::types::Idl;
use anyhow::Result;
use heck::{ToLowerCamelCase, ToUpperCamelCase};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The TypeScript file for `idl`.
pub fn idl_ts(idl: &Idl) -> Result<String> {
    let mut value = serde_json::to_value(idl)?;
    let mut names = BTreeSet::new();
    collect_names(&value, &mut names);
    rename(&mut value, &names);
    // Back through the typed IDL, so the layout (field order, omitted defaults) is the IDL's.
    let camel: Idl = serde_json::from_value(value)?;
    let body = serde_json::to_string_pretty(&camel)?;
    let name = &idl.metadata.name;
    Ok(format!(
        "/**\n * Program IDL in camelCase format in order to be used in JS/TS.\n *\n * Note that this is only a type helper and is not the actual IDL. The original\n * IDL can be found at `target/idl/{name}.json`.\n */\nexport type {} = {body};\n",
        name.to_upper_camel_case()
    ))
}

/// Strings that are values of object fields, made of word characters, and not public keys.
fn collect_names(value: &Value, names: &mut BTreeSet<String>) {
    match value {
        Value::Object(fields) => {
            for field in fields.values() {
                match field {
                    Value::String(s) if is_word(s) && !is_pubkey(s) => {
                        names.insert(s.clone());
                    }
                    other => collect_names(other, names),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_names(item, names)),
        _ => {}
    }
}

fn rename(value: &mut Value, names: &BTreeSet<String>) {
    let camel = |s: &String| {
        if names.contains(s) {
            s.to_lower_camel_case()
        } else {
            s.clone()
        }
    };
    match value {
        Value::String(s) => *s = camel(s),
        Value::Array(items) => items.iter_mut().for_each(|item| rename(item, names)),
        Value::Object(fields) => {
            let renamed: Map<String, Value> = std::mem::take(fields)
                .into_iter()
                .map(|(key, mut field)| {
                    rename(&mut field, names);
                    (camel(&key), field)
                })
                .collect();
            *fields = renamed;
        }
        _ => {}
    }
}

/// One or more word characters (letters, digits, `_`): what the CLI's `[\w\d]+` matches.
fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// A base58 string of exactly 32 bytes, as `Pubkey::from_str` accepts it.
fn is_pubkey(s: &str) -> bool {
    s.len() <= 44
        && bs58::decode(s)
            .into_vec()
            .is_ok_and(|bytes| bytes.len() == 32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn renamed(value: Value) -> Value {
        let mut names = BTreeSet::new();
        collect_names(&value, &mut names);
        let mut value = value;
        rename(&mut value, &names);
        value
    }

    #[test]
    fn field_values_and_their_other_occurrences_become_camel_case() {
        let v = renamed(json!({
            "name": "order_book",
            "relations": ["order_book", "not_a_name"],
            "docs": ["order_book", "The order book."],
            "seeds": [{"kind": "account", "path": "market_index"}]
        }));
        assert_eq!(v["name"], "orderBook");
        assert_eq!(v["relations"], json!(["orderBook", "not_a_name"]));
        assert_eq!(v["docs"], json!(["orderBook", "The order book."]));
        assert_eq!(v["seeds"][0]["path"], "marketIndex");
    }

    #[test]
    fn public_keys_and_sentences_are_left_alone() {
        let address = "vC2bYuwqmrKJN49datXvay8BHfcWR1dhiqLsZm9LkMX";
        let v = renamed(json!({"address": address, "msg": "Not the owner", "path": "a.b"}));
        assert_eq!(v["address"], address);
        assert_eq!(v["msg"], "Not the owner");
        assert_eq!(v["path"], "a.b");
        assert!(is_pubkey(address));
        assert!(!is_pubkey("owner"), "valid base58, but 4 bytes");
    }

    #[test]
    fn keys_equal_to_a_name_are_renamed_too() {
        let v = renamed(json!({"kind": "user_data", "inner": {"user_data": 1}}));
        assert_eq!(v["inner"], json!({"userData": 1}));
    }

    /// `app/src/idl/` holds the files `anchor idl build` 0.32.1 wrote (and that `npm run idl`
    /// rewrites unchanged): from the JSON, this writer gives the CLI's TypeScript byte for byte,
    /// and the JSON round-trips.
    #[test]
    fn matches_the_anchor_cli_on_the_committed_idl() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../app/src/idl");
        let json = std::fs::read_to_string(dir.join("perps.json")).unwrap();
        let idl: Idl = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string_pretty(&idl).unwrap(), json);
        let ts = std::fs::read_to_string(dir.join("perps.ts")).unwrap();
        assert!(
            idl_ts(&idl).unwrap() == ts,
            "perps.ts differs from the CLI's"
        );
    }

    #[test]
    fn camel_case_is_idempotent_on_idl_names() {
        // The CLI renames one name after another in the text; a name produced by an earlier
        // rename that equals a later name is renamed again, which is harmless only if this holds.
        for name in [
            "place_order",
            "PlaceOrderArgs",
            "u64",
            "i80f48",
            "ask_1",
            "HTTPServer",
            "a__b",
        ] {
            let once = name.to_lower_camel_case();
            assert_eq!(once.to_lower_camel_case(), once, "{name}");
        }
    }
}
