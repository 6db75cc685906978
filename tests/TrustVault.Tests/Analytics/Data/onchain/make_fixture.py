"""Builds the on-chain demo fixture and the figures it should produce, independently of the C# engine.

Synthetic logs shaped as an Ethereum mainnet node returns them for eth_getLogs: the real USDC, WETH and
Uniswap V2 USDC/WETH pair addresses, ABI-encoded Transfer/Approval/Swap/Sync events, about three hours
of blocks with blockTimestamp. Run: python3 make_fixture.py (writes the two JSON files next to it and
the copy embedded in TrustVault.Core).
"""
import json
import os
import random

TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
APPROVAL = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"
SWAP = "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822"
SYNC = "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1"

USDC = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"
WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2"
PAIR = "0xb4e16d0168e52d35cacd2c6185b44ac2e0c84a2f"  # token0 = USDC, token1 = WETH
ROUTER = "0x7a250d5630b4cf539739df2c5dacb4c659f2488d"
NFT = "0xbc4ca0eda7647a8ab7c2061c2e118a18a936f13d"
ZERO = "0x" + "00" * 20
USDC_UNIT = 10**6
WETH_UNIT = 10**18

rng = random.Random(20240115)


def address():
    return "0x" + rng.randbytes(20).hex()


def word(value):
    assert 0 <= value < 2**256
    return value.to_bytes(32, "big").hex()


def topic_address(a):
    return "0x" + "00" * 12 + a[2:]


logs = []
block = 19_010_000
timestamp = 1705309211  # 2024-01-15T09:00:11Z


def new_block():
    global block, timestamp
    step = rng.randint(1, 30)
    block += step
    timestamp += 12 * step
    return {"block": block, "timestamp": timestamp, "hash": "0x" + rng.randbytes(32).hex(), "index": rng.randint(0, 300)}


transaction_indexes = {}


def emit(b, tx, address_, topics, data, removed=False):
    logs.append({
        "address": address_,
        "topics": topics,
        "data": "0x" + data,
        "blockNumber": hex(b["block"]),
        "blockHash": b["hash"],
        "blockTimestamp": hex(b["timestamp"]),
        "transactionHash": tx,
        "transactionIndex": hex(transaction_indexes.setdefault(tx, rng.randint(0, 150))),
        "logIndex": hex(b["index"]),
        "removed": removed,
    })
    b["index"] += 1


def transfer(b, tx, token, sender, receiver, value, removed=False):
    emit(b, tx, token, [TRANSFER, topic_address(sender), topic_address(receiver)], word(value), removed)


traders = [address() for _ in range(8)]
holders = [address() for _ in range(6)]
reserve0, reserve1 = 40_000_000 * USDC_UNIT, 16_000 * WETH_UNIT  # about 2,500 USDC per WETH
expected_swaps = []
planted_whales = []


def swap(b, trader, usdc_to_weth):
    """A router swap as the V2 pair logs it: token in to the pair, token out to the trader, Sync, Swap."""
    global reserve0, reserve1
    tx = "0x" + rng.randbytes(32).hex()
    if usdc_to_weth:
        amount_in = rng.randint(500, 150_000) * USDC_UNIT + rng.randint(0, USDC_UNIT - 1)
        # Uniswap V2 getAmountOut with the 0.3% fee (whitepaper §3.2.1).
        amount_out = amount_in * 997 * reserve1 // (reserve0 * 1000 + amount_in * 997)
        transfer(b, tx, USDC, trader, PAIR, amount_in)
        transfer(b, tx, WETH, PAIR, trader, amount_out)
        reserve0, reserve1 = reserve0 + amount_in, reserve1 - amount_out
        amounts = (amount_in, 0, 0, amount_out)
    else:
        amount_in = rng.randint(1, 60) * WETH_UNIT + rng.randint(0, WETH_UNIT - 1)
        amount_out = amount_in * 997 * reserve0 // (reserve1 * 1000 + amount_in * 997)
        transfer(b, tx, WETH, trader, PAIR, amount_in)
        transfer(b, tx, USDC, PAIR, trader, amount_out)
        reserve0, reserve1 = reserve0 - amount_out, reserve1 + amount_in
        amounts = (0, amount_in, amount_out, 0)
    emit(b, tx, PAIR, [SYNC], word(reserve0) + word(reserve1))
    emit(b, tx, PAIR, [SWAP, topic_address(ROUTER), topic_address(trader)], "".join(word(a) for a in amounts))
    expected_swaps.append({"timestamp": b["timestamp"], "amount0": amounts[0] + amounts[2], "amount1": amounts[1] + amounts[3]})


def plain_transfer(b, token, sender, receiver, value, removed=False):
    transfer(b, "0x" + rng.randbytes(32).hex(), token, sender, receiver, value, removed)


# One stream of events in block order; swaps dominate, as on a busy pair.
events = (
    [("swap", i) for i in range(36)]
    + [("usdc", i) for i in range(10)]
    + [("weth", i) for i in range(4)]
    + [("approval", i) for i in range(3)]
    + [("nft", i) for i in range(2)]
    + [("whale-usdc-1", 0), ("whale-usdc-2", 0), ("whale-weth", 0), ("mint", 0), ("removed", 0)]
)
rng.shuffle(events)
for kind, i in events:
    b = new_block()
    if kind == "swap":
        swap(b, rng.choice(traders), rng.random() < 0.5)
    elif kind == "usdc":
        plain_transfer(b, USDC, rng.choice(holders), rng.choice(holders + traders), rng.randint(10, 400_000) * USDC_UNIT + rng.randint(0, 999_999))
    elif kind == "weth":
        plain_transfer(b, WETH, rng.choice(holders), rng.choice(holders + traders), rng.randint(1, 200) * WETH_UNIT // 10)
    elif kind == "approval":
        # Routers usually get an unlimited (2^256 - 1) allowance.
        value = 2**256 - 1 if i == 0 else rng.randint(1, 10_000) * USDC_UNIT
        emit(b, "0x" + rng.randbytes(32).hex(), USDC, [APPROVAL, topic_address(rng.choice(traders)), topic_address(ROUTER)], word(value))
    elif kind == "nft":
        token_id = rng.randint(0, 9999)
        emit(b, "0x" + rng.randbytes(32).hex(), NFT, [TRANSFER, topic_address(rng.choice(holders)), topic_address(rng.choice(traders)), "0x" + word(token_id)], "")
    elif kind == "whale-usdc-1":
        plain_transfer(b, USDC, holders[0], holders[1], 2_500_000 * USDC_UNIT)
        planted_whales.append({"token": USDC, "value": 2_500_000 * USDC_UNIT, "units": "2500000"})
    elif kind == "whale-usdc-2":
        plain_transfer(b, USDC, holders[2], holders[3], 1_200_000 * USDC_UNIT + 500_000)
        planted_whales.append({"token": USDC, "value": 1_200_000 * USDC_UNIT + 500_000, "units": "1200000.5"})
    elif kind == "whale-weth":
        plain_transfer(b, WETH, holders[4], holders[5], 800 * WETH_UNIT + 25 * WETH_UNIT // 100)
        planted_whales.append({"token": WETH, "value": 800 * WETH_UNIT + 25 * WETH_UNIT // 100, "units": "800.25"})
    elif kind == "mint":
        plain_transfer(b, USDC, ZERO, holders[5], 5_000_000 * USDC_UNIT)
        planted_whales.append({"token": USDC, "value": 5_000_000 * USDC_UNIT, "units": "5000000"})
    elif kind == "removed":
        # Dropped by a reorganisation: a node reports it with removed = true; it must not count.
        plain_transfer(b, USDC, holders[1], holders[2], 9_000_000 * USDC_UNIT, removed=True)

# Figures the engine should reproduce.
hours = {}
for s in expected_swaps:
    hour = s["timestamp"] - s["timestamp"] % 3600
    h = hours.setdefault(hour, {"hour": hour, "amount0": 0, "amount1": 0, "swaps": 0})
    h["amount0"] += s["amount0"]
    h["amount1"] += s["amount1"]
    h["swaps"] += 1

net = {}
for log in logs:
    if log["removed"] or log["topics"][0] != TRANSFER or len(log["topics"]) != 3:
        continue
    sender, receiver = "0x" + log["topics"][1][26:], "0x" + log["topics"][2][26:]
    value = int(log["data"], 16)
    net[(log["address"], sender)] = net.get((log["address"], sender), 0) - value
    net[(log["address"], receiver)] = net.get((log["address"], receiver), 0) + value

expected = {
    "logs": len(logs),
    "transfers": sum(1 for l in logs if not l["removed"] and l["topics"][0] == TRANSFER and len(l["topics"]) == 3),
    "approvals": sum(1 for l in logs if l["topics"][0] == APPROVAL),
    "nftTransfers": sum(1 for l in logs if l["topics"][0] == TRANSFER and len(l["topics"]) == 4),
    "swaps": len(expected_swaps),
    "removed": sum(1 for l in logs if l["removed"]),
    "unknown": sum(1 for l in logs if l["topics"][0] == SYNC),
    "whaleThresholds": {USDC: "1000000", WETH: "500"},
    "whales": sorted(planted_whales, key=lambda w: (w["token"], -w["value"])),
    "hourlyVolume": [{"hour": h["hour"], "amount0": str(h["amount0"]), "amount1": str(h["amount1"]), "swaps": h["swaps"]} for h in sorted(hours.values(), key=lambda h: h["hour"])],
    "topUsdcNetFlow": [{"address": a, "net": str(v)} for (t, a), v in sorted(net.items(), key=lambda kv: (-kv[1], kv[0][1])) if t == USDC and v > 0][:3],
}
for w in expected["whales"]:
    w["value"] = str(w["value"])

here = os.path.dirname(os.path.abspath(__file__))
document = json.dumps({"jsonrpc": "2.0", "id": 1, "result": logs}, indent=1) + "\n"
core_copy = os.path.join(here, "../../../../../src/TrustVault.Core/Analytics/OnChain/Fixtures/uniswap-v2-usdc-weth.json")
with open(os.path.normpath(core_copy), "w") as f:
    f.write(document)
with open(os.path.join(here, "uniswap-v2-usdc-weth.expected.json"), "w") as f:
    f.write(json.dumps(expected, indent=1) + "\n")
print(len(logs), "logs;", len(expected_swaps), "swaps over", len(hours), "hours")
