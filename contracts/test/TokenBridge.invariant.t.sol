// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {BridgeFixture} from "./utils/BridgeFixture.sol";
import {Message} from "../src/libs/Message.sol";

/// @notice Random transfers, relays, holds, rate limits, curses and retries across L1 + two L2s.
contract BridgeHandler is BridgeFixture {
    address[3] internal actors = [address(0xA1), address(0xA2), address(0xA3)];
    address internal guardian = address(0x6A);
    bytes[] internal failedMessages;
    uint32[] internal failedDestinations;

    uint256 public transfers;
    uint256 public relayed;

    constructor() {
        _deployBridges();
        vm.startPrank(admin);
        bridges[L2A].setRateLimit(L1, false, true, 5_000e6, 50e6); // inbound L1 -> L2A
        bridges[L2B].setRateLimit(L2A, true, true, 3_000e6, 10e6); // outbound L2B -> L2A
        bridges[L1].setRateLimit(L2B, false, true, 4_000e6, 20e6); // inbound L2B -> L1
        bridges[L2A].setLargeTransferRule(2_000e6, 1 hours);
        bridges[L1].setLargeTransferRule(3_000e6, 2 hours);
        bridges[L2B].setGuardian(guardian, true);
        vm.stopPrank();
    }

    function transfer(uint256 srcSeed, uint256 dstSeed, uint256 actorSeed, uint256 amount) external {
        uint32 src = chains[srcSeed % 3];
        uint32 dst = chains[(srcSeed % 3 + 1 + dstSeed % 2) % 3];
        address from = actors[actorSeed % 3];
        if (src == L1) {
            amount = bound(amount, 1, 10_000e6);
            vm.prank(admin);
            usdc.mint(from, amount);
        } else {
            uint256 bal = _balance(src, from);
            if (bal == 0) return;
            amount = bound(amount, 1, bal);
        }
        if (amount > bridges[src].availableOutbound(dst)) return;
        (bool cursed,) = bridges[src].routeStatus(dst);
        if (cursed) return;
        _bridge(from, src, dst, actors[(actorSeed / 3) % 3], amount);
        ++transfers;
    }

    function relay(uint256 srcSeed, uint256 dstSeed) external {
        uint32 src = chains[srcSeed % 3];
        uint32 dst = chains[(srcSeed % 3 + 1 + dstSeed % 2) % 3];
        _syncLogs();
        (bytes[] memory batch,) = _pending(src, dst);
        relayed += _relay(src, dst);
        for (uint256 i = 0; i < batch.length; ++i) {
            if (mailboxes[dst].failed(keccak256(batch[i]))) {
                failedMessages.push(batch[i]);
                failedDestinations.push(dst);
            }
        }
    }

    function retry(uint256 seed) external {
        if (failedMessages.length == 0) return;
        uint256 i = seed % failedMessages.length;
        bytes memory m = failedMessages[i];
        uint32 dst = failedDestinations[i];
        if (!mailboxes[dst].failed(keccak256(m))) return;
        try mailboxes[dst].retry(m) {} catch {}
    }

    function claim(uint256 srcSeed, uint256 holdSeed) external {
        TokenBridge_ b = TokenBridge_(address(bridges[chains[srcSeed % 3]]));
        uint256 n = b.holdCount();
        if (n == 0) return;
        try b.claim(holdSeed % n + 1) {} catch {}
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 3 hours));
    }

    function curse(uint256 seed) external {
        uint32 d = chains[seed % 3];
        if (d == L2B) return;
        vm.prank(guardian);
        bridges[L2B].curse(d);
    }

    function uncurse(uint256 seed) external {
        uint32 d = chains[seed % 3];
        (bool cursed, uint64 uncurseAt) = bridges[L2B].routeStatus(d);
        if (!cursed) return;
        if (uncurseAt == 0) {
            vm.prank(admin);
            bridges[L2B].scheduleUncurse(d);
        } else if (block.timestamp >= uncurseAt) {
            bridges[L2B].uncurse(d);
        }
    }

    function locked() external view returns (uint256) {
        return bridges[L1].locked();
    }

    function l1Balance() external view returns (uint256) {
        return usdc.balanceOf(address(bridges[L1]));
    }

    function l2Supply() external view returns (uint256) {
        return _l2Supply();
    }

    function inFlight() external view returns (uint256) {
        return _inFlight();
    }
}

interface TokenBridge_ {
    function holdCount() external view returns (uint256);
    function claim(uint256 holdId) external;
}

contract TokenBridgeInvariantTest is Test {
    BridgeHandler handler;

    function setUp() public {
        handler = new BridgeHandler();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = BridgeHandler.transfer.selector;
        selectors[1] = BridgeHandler.relay.selector;
        selectors[2] = BridgeHandler.retry.selector;
        selectors[3] = BridgeHandler.claim.selector;
        selectors[4] = BridgeHandler.warp.selector;
        selectors[5] = BridgeHandler.curse.selector;
        selectors[6] = BridgeHandler.uncurse.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice L1 locked == sum of L2 supplies + in flight (sent - received over every route, plus held).
    function invariant_supplyConservation() public view {
        assertEq(handler.locked(), handler.l2Supply() + handler.inFlight(), "supply conservation");
    }

    /// @notice The L1 bridge always holds at least what it accounts as locked.
    function invariant_collateralBacked() public view {
        assertGe(handler.l1Balance(), handler.locked());
    }
}
