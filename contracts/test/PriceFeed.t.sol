// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {PriceFeed} from "../src/PriceFeed.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract PriceFeedTest is Test {
    uint256 constant ORACLE_KEY = 0x0AC1E;
    bytes32 constant ETH = keccak256("ETH-USD");
    PriceFeed feed;
    address owner = address(0x0A);

    function setUp() public {
        vm.warp(1_700_000_000);
        feed = new PriceFeed(vm.addr(ORACLE_KEY), 5 minutes, owner);
    }

    function _sig(uint256 key, bytes32 market, uint256 price, uint64 ts) internal view returns (bytes memory) {
        bytes32 h = MessageHashUtils.toEthSignedMessageHash(feed.priceDigest(market, price, ts));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, h);
        return abi.encodePacked(r, s, v);
    }

    function test_digestLayout() public view {
        assertEq(
            feed.priceDigest(ETH, 3000e18, 5), keccak256(abi.encodePacked("INTEROP_PRICE", ETH, uint256(3000e18), uint64(5)))
        );
    }

    function test_updateAndRead() public {
        uint64 ts = uint64(block.timestamp);
        vm.expectEmit(true, false, false, true, address(feed));
        emit PriceFeed.PriceUpdated(ETH, 3000e18, ts);
        vm.prank(address(0xCAFE)); // anyone relays
        feed.updatePrice(ETH, 3000e18, ts, _sig(ORACLE_KEY, ETH, 3000e18, ts));
        (uint256 p, uint64 t) = feed.getPrice(ETH);
        assertEq(p, 3000e18);
        assertEq(t, ts);
        (bool ok, uint256 p2) = feed.tryGetPrice(ETH);
        assertTrue(ok);
        assertEq(p2, 3000e18);
    }

    function test_rejectsWrongSignerAndTamperedPrice() public {
        uint64 ts = uint64(block.timestamp);
        bytes memory bad = _sig(0xBAD, ETH, 3000e18, ts);
        vm.expectRevert(abi.encodeWithSelector(PriceFeed.InvalidPriceSignature.selector, vm.addr(0xBAD)));
        feed.updatePrice(ETH, 3000e18, ts, bad);
        bytes memory good = _sig(ORACLE_KEY, ETH, 3000e18, ts);
        vm.expectRevert(); // recovers some other address
        feed.updatePrice(ETH, 3001e18, ts, good);
    }

    function test_rejectsOldFutureAndZero() public {
        uint64 ts = uint64(block.timestamp);
        feed.updatePrice(ETH, 3000e18, ts, _sig(ORACLE_KEY, ETH, 3000e18, ts));
        bytes memory sig = _sig(ORACLE_KEY, ETH, 3100e18, ts);
        vm.expectRevert(abi.encodeWithSelector(PriceFeed.TimestampNotNewer.selector, ts, ts));
        feed.updatePrice(ETH, 3100e18, ts, sig);
        uint64 future = ts + 61;
        sig = _sig(ORACLE_KEY, ETH, 3100e18, future);
        vm.expectRevert(abi.encodeWithSelector(PriceFeed.TimestampInFuture.selector, future));
        feed.updatePrice(ETH, 3100e18, future, sig);
        sig = _sig(ORACLE_KEY, ETH, 0, ts + 1);
        vm.expectRevert(abi.encodeWithSelector(PriceFeed.InvalidPrice.selector, 0));
        feed.updatePrice(ETH, 0, ts + 1, sig);
    }

    function test_staleness() public {
        vm.expectRevert(abi.encodeWithSelector(PriceFeed.PriceUnavailable.selector, ETH));
        feed.getPrice(ETH);
        uint64 ts = uint64(block.timestamp);
        feed.updatePrice(ETH, 3000e18, ts, _sig(ORACLE_KEY, ETH, 3000e18, ts));
        vm.warp(ts + 5 minutes);
        feed.getPrice(ETH); // exactly maxAge old: still fresh
        vm.warp(ts + 5 minutes + 1);
        vm.expectRevert(abi.encodeWithSelector(PriceFeed.PriceStale.selector, ETH, ts, uint64(5 minutes)));
        feed.getPrice(ETH);
        (bool ok,) = feed.tryGetPrice(ETH);
        assertFalse(ok);
    }

    function test_admin() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        feed.setSigner(address(1));
        vm.prank(owner);
        feed.setSigner(vm.addr(0xBEEF));
        uint64 ts = uint64(block.timestamp);
        bytes memory oldKeySig = _sig(ORACLE_KEY, ETH, 1e18, ts);
        vm.expectRevert(abi.encodeWithSelector(PriceFeed.InvalidPriceSignature.selector, vm.addr(ORACLE_KEY)));
        feed.updatePrice(ETH, 1e18, ts, oldKeySig);
        feed.updatePrice(ETH, 1e18, ts, _sig(0xBEEF, ETH, 1e18, ts));
    }
}
