// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {InteropTest} from "./InteropTest.sol";
import {TokenBridge} from "../../src/TokenBridge.sol";
import {BridgedToken} from "../../src/tokens/BridgedToken.sol";
import {TestERC20} from "../../src/tokens/TestERC20.sol";
import {Message} from "../../src/libs/Message.sol";

/// @notice L1 (collateral USDC) + two L2s (BridgedToken) with TokenBridges enrolled pairwise.
abstract contract BridgeFixture is InteropTest {
    uint32 internal constant L1 = 1;
    uint32 internal constant L2A = 10;
    uint32 internal constant L2B = 20;
    uint64 internal constant UNCURSE_DELAY = 1 days;

    TestERC20 internal usdc;
    mapping(uint32 => TokenBridge) internal bridges;
    mapping(uint32 => BridgedToken) internal bridged;
    uint32[3] internal chains = [L1, L2A, L2B];

    function _deployBridges() internal {
        _deployChain(L1);
        _deployChain(L2A);
        _deployChain(L2B);
        usdc = new TestERC20("USD Coin", "USDC", 6, 1_000e6, admin);
        bridges[L1] = new TokenBridge(address(mailboxes[L1]), address(usdc), true, UNCURSE_DELAY, admin);
        for (uint256 i = 1; i < 3; ++i) {
            uint32 d = chains[i];
            BridgedToken t = new BridgedToken("Bridged USDC", "USDC.i", 6, admin);
            bridged[d] = t;
            bridges[d] = new TokenBridge(address(mailboxes[d]), address(t), false, UNCURSE_DELAY, admin);
            vm.prank(admin);
            t.setMinter(address(bridges[d]), true);
        }
        for (uint256 i = 0; i < 3; ++i) {
            for (uint256 j = 0; j < 3; ++j) {
                if (i == j) continue;
                vm.prank(admin);
                bridges[chains[i]].enrollRemoteRouter(chains[j], Message.toBytes32(address(bridges[chains[j]])));
            }
        }
    }

    /// @dev Holder's bridge token on `domain` (USDC on L1, BridgedToken on L2s).
    function _balance(uint32 domain, address who) internal view returns (uint256) {
        return domain == L1 ? usdc.balanceOf(who) : bridged[domain].balanceOf(who);
    }

    /// @dev Sends from `from` on `src` to `to` on `dst` (approving on L1).
    function _bridge(address from, uint32 src, uint32 dst, address to, uint256 amount) internal returns (bytes32) {
        vm.startPrank(from);
        if (src == L1) usdc.approve(address(bridges[L1]), amount);
        bytes32 id = bridges[src].transferRemote(dst, Message.toBytes32(to), amount);
        vm.stopPrank();
        return id;
    }

    /// @dev In flight over every ordered pair plus everything held.
    function _inFlight() internal view returns (uint256 total) {
        for (uint256 i = 0; i < 3; ++i) {
            for (uint256 j = 0; j < 3; ++j) {
                if (i == j) continue;
                total += bridges[chains[i]].sentTo(chains[j]) - bridges[chains[j]].receivedFrom(chains[i]);
            }
            total += bridges[chains[i]].heldTotal();
        }
    }

    function _l2Supply() internal view returns (uint256) {
        return bridged[L2A].totalSupply() + bridged[L2B].totalSupply();
    }
}
