// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BridgeFixture} from "./utils/BridgeFixture.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";
import {PositionManager} from "../src/PositionManager.sol";
import {PriceFeed} from "../src/PriceFeed.sol";
import {TokenBridge} from "../src/TokenBridge.sol";
import {Message} from "../src/libs/Message.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

contract PositionManagerTest is BridgeFixture {
    uint256 constant ORACLE_KEY = 0x0AC1E;
    bytes32 constant ETH = keccak256("ETH-USD");

    mapping(uint32 => PriceFeed) feeds;
    mapping(uint32 => PositionManager) pms;
    address alice = address(0xA11CE);
    address lp = address(0x11);
    address keeper = address(0x4EE);

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployBridges();
        uint32[2] memory l2s = [L2A, L2B];
        for (uint256 i = 0; i < 2; ++i) {
            uint32 d = l2s[i];
            feeds[d] = new PriceFeed(vm.addr(ORACLE_KEY), 1 hours, admin);
            pms[d] = new PositionManager(address(bridges[d]), address(feeds[d]), admin);
            vm.prank(admin);
            pms[d].setMarket(ETH, true, 1_000, 500, 100); // 10x max leverage, 5% maintenance, 1% liquidation fee
            _setPrice(d, 3000e18);
        }
        vm.startPrank(admin);
        pms[L2A].enrollRemoteManager(L2B, Message.toBytes32(address(pms[L2B])));
        pms[L2B].enrollRemoteManager(L2A, Message.toBytes32(address(pms[L2A])));
        usdc.mint(alice, 100_000e6);
        usdc.mint(lp, 1_000_000e6);
        vm.stopPrank();
        // collateral reaches the L2s through the bridge, so L1 locked == L2 supply + in flight stays checkable
        _bridge(alice, L1, L2A, alice, 50_000e6);
        _bridge(lp, L1, L2A, lp, 500_000e6);
        _bridge(lp, L1, L2B, lp, 500_000e6);
        _relayAll();
        for (uint256 i = 0; i < 2; ++i) {
            vm.startPrank(lp);
            bridged[l2s[i]].approve(address(pms[l2s[i]]), type(uint256).max);
            pms[l2s[i]].fundPool(500_000e6);
            vm.stopPrank();
        }
        vm.prank(alice);
        bridged[L2A].approve(address(pms[L2A]), type(uint256).max);
    }

    function _setPrice(uint32 domain, uint256 price) internal {
        (, uint64 last) = feeds[domain].latest(ETH);
        uint64 ts = uint64(block.timestamp) > last ? uint64(block.timestamp) : last + 1; // strictly newer
        bytes32 h = MessageHashUtils.toEthSignedMessageHash(feeds[domain].priceDigest(ETH, price, ts));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ORACLE_KEY, h);
        feeds[domain].updatePrice(ETH, price, ts, abi.encodePacked(r, s, v));
    }

    function _open(uint128 size, uint128 margin) internal returns (uint256 id) {
        vm.prank(alice);
        id = pms[L2A].open(ETH, true, size, margin);
    }

    function _position(uint32 d, uint256 id) internal view returns (PositionManager.Position memory p) {
        (p.owner, p.isLong, p.market, p.size, p.entryPrice, p.margin) = pms[d].positions(id);
    }

    function _assertSupply() internal view {
        assertEq(bridges[L1].locked(), _l2Supply() + _inFlight(), "L1 locked == L2 supply + in flight");
    }

    function _assertBacked(uint32 d) internal view {
        PositionManager pm = pms[d];
        assertEq(
            bridged[d].balanceOf(address(pm)),
            pm.poolBalance() + pm.totalMargin() + pm.pendingBounceMargin(),
            "manager holds pool + margins"
        );
    }

    // ------------------------------------------------------------ margin, PnL, liquidation

    function test_open_marginChecks() public {
        // 1 ETH at 3000: notional 3000e6, initial margin 10% = 300e6
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.InsufficientMargin.selector, 300e6, 300e6 - 1));
        pms[L2A].open(ETH, true, 1e18, 300e6 - 1);
        uint256 id = _open(1e18, 300e6);
        PositionManager.Position memory p = _position(L2A, id);
        assertEq(p.owner, alice);
        assertEq(p.entryPrice, 3000e18);
        assertEq(p.margin, 300e6);
        assertEq(id >> 64, L2A);
        _assertBacked(L2A);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.MarketNotEnabled.selector, keccak256("BTC-USD")));
        pms[L2A].open(keccak256("BTC-USD"), true, 1e18, 1_000e6);
        vm.warp(block.timestamp + 2 hours);
        vm.prank(alice);
        vm.expectRevert();
        pms[L2A].open(ETH, true, 1e18, 1_000e6); // stale price
    }

    function test_close_profitAndLoss() public {
        uint256 id = _open(2e18, 1_000e6);
        _setPrice(L2A, 3100e18); // +200e6
        uint256 before = bridged[L2A].balanceOf(alice);
        uint256 pool = pms[L2A].poolBalance();
        assertEq(pms[L2A].unrealizedPnl(id), 200e6);
        vm.prank(alice);
        pms[L2A].close(id);
        assertEq(bridged[L2A].balanceOf(alice) - before, 1_200e6);
        assertEq(pool - pms[L2A].poolBalance(), 200e6);

        vm.prank(alice);
        uint256 shortId = pms[L2A].open(ETH, false, 1e18, 500e6);
        _setPrice(L2A, 3400e18); // short loses 300e6
        before = bridged[L2A].balanceOf(alice);
        vm.prank(alice);
        pms[L2A].close(shortId);
        assertEq(bridged[L2A].balanceOf(alice) - before, 200e6);
        _assertBacked(L2A);
    }

    function test_addMargin_onlyOwner() public {
        uint256 id = _open(1e18, 300e6);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.NotPositionOwner.selector, keeper, alice));
        pms[L2A].addMargin(id, 1);
        vm.prank(alice);
        pms[L2A].addMargin(id, 100e6);
        assertEq(_position(L2A, id).margin, 400e6);
        _assertBacked(L2A);
    }

    function test_liquidation_atAndPastBoundary() public {
        uint256 id = _open(1e18, 300e6);
        // long 1 ETH, margin 300: equity = 300 + (P - 3000); maintenance = 5% * P.
        // Boundary: 300 + P - 3000 = 0.05 P  ->  P = 2700 / 0.95 = 2842.105...
        _setPrice(L2A, 2843e18); // equity 143 >= maintenance 142.15
        assertFalse(pms[L2A].isLiquidatable(id));
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.NotLiquidatable.selector, int256(143e6), 142.15e6));
        pms[L2A].liquidate(id);
        _setPrice(L2A, 2842e18); // equity 142 < maintenance 142.1
        assertTrue(pms[L2A].isLiquidatable(id));
        uint256 pool = pms[L2A].poolBalance();
        vm.prank(keeper);
        pms[L2A].liquidate(id);
        uint256 fee = 28.42e6; // 1% of notional 2842
        assertEq(bridged[L2A].balanceOf(keeper), fee);
        assertEq(pms[L2A].poolBalance() - pool, 300e6 - fee);
        assertEq(_position(L2A, id).owner, address(0));
        _assertBacked(L2A);
    }

    function test_liquidation_underwaterPaysNoFee() public {
        uint256 id = _open(1e18, 300e6);
        _setPrice(L2A, 2500e18); // equity -200
        vm.prank(keeper);
        pms[L2A].liquidate(id);
        assertEq(bridged[L2A].balanceOf(keeper), 0);
        _assertBacked(L2A);
    }

    function testFuzz_closeConservesCollateral(uint64 size, uint64 margin, uint64 price, bool isLong) public {
        uint128 s = uint128(bound(size, 1e15, 10e18));
        uint256 notional = uint256(s) * 3000e18 / 1e30;
        uint128 m = uint128(bound(margin, notional / 10 + 1, 40_000e6));
        vm.prank(alice);
        uint256 id = pms[L2A].open(ETH, isLong, s, m);
        _setPrice(L2A, bound(price, 1_000e18, 6_000e18));
        uint256 totalBefore = bridged[L2A].balanceOf(alice) + bridged[L2A].balanceOf(address(pms[L2A]));
        vm.prank(alice);
        try pms[L2A].close(id) {} catch {}
        assertEq(bridged[L2A].balanceOf(alice) + bridged[L2A].balanceOf(address(pms[L2A])), totalBefore);
        _assertBacked(L2A);
    }

    // ------------------------------------------------------------ migration

    function test_migrate_reopensAtDestination() public {
        uint256 id = _open(2e18, 1_000e6);
        PositionManager.Position memory before = _position(L2A, id);
        uint256 supplyA = bridged[L2A].totalSupply();
        vm.prank(alice);
        pms[L2A].migrate(id, L2B);
        assertEq(_position(L2A, id).owner, address(0));
        assertEq(supplyA - bridged[L2A].totalSupply(), 1_000e6, "margin burned on origin");
        _assertSupply();
        _relayAll();
        PositionManager.Position memory moved = _position(L2B, id);
        assertEq(keccak256(abi.encode(moved)), keccak256(abi.encode(before)), "same position, same id");
        assertEq(pms[L2B].totalMargin(), 1_000e6);
        _assertSupply();
        _assertBacked(L2A);
        _assertBacked(L2B);
        // it trades normally at the destination
        _setPrice(L2B, 3100e18);
        vm.prank(alice);
        pms[L2B].close(id);
        assertEq(bridged[L2B].balanceOf(alice), 1_200e6);
    }

    function _bounceRoundTrip(uint256 id, PositionManager.RejectReason reason) internal {
        PositionManager.Position memory before = _position(L2A, id);
        uint256 aliceBefore = bridged[L2A].balanceOf(alice);
        uint256 pmBefore = bridged[L2A].balanceOf(address(pms[L2A]));
        uint256 marginBefore = pms[L2A].totalMargin();
        vm.prank(alice);
        pms[L2A].migrate(id, L2B);
        vm.expectEmit(true, true, false, true, address(pms[L2B]));
        emit PositionManager.MigrationRejected(id, L2A, reason);
        _relay(L2A, L2B);
        assertEq(_position(L2B, id).owner, address(0), "not opened at destination");
        assertEq(pms[L2B].pendingBounceMargin(), before.margin);
        _assertSupply();
        _assertBacked(L2B);

        vm.prank(keeper); // anyone may push the bounce
        pms[L2B].bounce(id);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.NoPendingBounce.selector, id));
        pms[L2B].bounce(id);
        _relay(L2B, L2A);

        PositionManager.Position memory restored = _position(L2A, id);
        assertEq(keccak256(abi.encode(restored)), keccak256(abi.encode(before)), "restored exactly");
        assertEq(bridged[L2A].balanceOf(alice), aliceBefore);
        assertEq(bridged[L2A].balanceOf(address(pms[L2A])), pmBefore);
        assertEq(pms[L2A].totalMargin(), marginBefore);
        assertEq(pms[L2B].pendingBounceMargin(), 0);
        _assertSupply();
        _assertBacked(L2A);
        _assertBacked(L2B);
    }

    function test_migrate_bouncesWhenMarketMissing() public {
        uint256 id = _open(2e18, 1_000e6);
        vm.prank(admin);
        pms[L2B].setMarket(ETH, false, 1_000, 500, 100);
        _bounceRoundTrip(id, PositionManager.RejectReason.MarketUnavailable);
    }

    function test_migrate_bouncesWhenMarginInsufficientAtDestinationPrice() public {
        uint256 id = _open(2e18, 700e6); // needs 600 at 3000
        _setPrice(L2B, 2900e18); // equity 700 - 200 = 500 < 10% of 5800 = 580
        _bounceRoundTrip(id, PositionManager.RejectReason.InsufficientMargin);
    }

    function test_migrate_bouncesWhenPriceStaleAtDestination() public {
        uint256 id = _open(2e18, 1_000e6);
        vm.warp(block.timestamp + 2 hours);
        _setPrice(L2A, 3000e18); // fresh at the origin only
        _bounceRoundTrip(id, PositionManager.RejectReason.PriceUnavailable);
    }

    function test_migrate_rejectsLiquidatableAndForeign() public {
        uint256 id = _open(1e18, 300e6);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.NotPositionOwner.selector, keeper, alice));
        pms[L2A].migrate(id, L2B);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.UnknownRemote.selector, L1));
        pms[L2A].migrate(id, L1);
        _setPrice(L2A, 2800e18); // equity 100 < maintenance 140
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.Liquidatable.selector, int256(100e6), 140e6));
        pms[L2A].migrate(id, L2B);
    }

    function test_migrate_feePaidAndRefunded() public {
        vm.prank(admin);
        mailboxes[L2A].setGasConfig(L2B, 1 gwei, 0);
        uint256 fee = pms[L2A].quoteMigrate(L2B);
        assertEq(fee, 500_000 gwei);
        uint256 id = _open(1e18, 500e6);
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.InsufficientFee.selector, fee, fee - 1));
        pms[L2A].migrate{value: fee - 1}(id, L2B);
        vm.prank(alice);
        pms[L2A].migrate{value: 1 ether}(id, L2B);
        assertEq(alice.balance, 1 ether - fee);
    }

    // ------------------------------------------------------------ authentication

    function test_onTokenBridged_onlyBridge() public {
        PositionManager.Position memory p = PositionManager.Position(alice, true, ETH, 1e18, 3000e18, 1_000e6);
        vm.expectRevert(abi.encodeWithSelector(PositionManager.NotBridge.selector, address(this)));
        pms[L2B].onTokenBridged(L2A, Message.toBytes32(address(pms[L2A])), 1_000e6, abi.encode(uint8(1), 1, p));
    }

    function test_onTokenBridged_onlyEnrolledManager() public {
        // alice sends her own tokens with a forged "migrate" payload to the destination manager
        PositionManager.Position memory p = PositionManager.Position(alice, true, ETH, 1e18, 3000e18, 100e6);
        vm.prank(alice);
        bridges[L2A].transferRemoteWithPayload(
            L2B, Message.toBytes32(address(pms[L2B])), 100e6, 500_000, abi.encode(uint8(1), uint256(7), p)
        );
        _syncLogs();
        bytes memory forged = sentMessages[L2A][sentMessages[L2A].length - 1];
        _relay(L2A, L2B);
        assertTrue(mailboxes[L2B].failed(keccak256(forged)), "forged migration rejected");
        assertEq(_position(L2B, 7).owner, address(0));
        _assertSupply();
    }

    // ------------------------------------------------------------ reentrancy

    function test_reentrancy_collateralCannotReenter() public {
        ReentrantToken evil = new ReentrantToken();
        TokenBridge evilBridge = new TokenBridge(address(mailboxes[L2A]), address(evil), true, 1 days, admin);
        PositionManager pm = new PositionManager(address(evilBridge), address(feeds[L2A]), admin);
        vm.prank(admin);
        pm.setMarket(ETH, true, 1_000, 500, 100);
        evil.mint(alice, 10_000e6);
        vm.prank(alice);
        evil.approve(address(pm), type(uint256).max);
        vm.prank(alice);
        uint256 id = pm.open(ETH, true, 1e18, 1_000e6);
        evil.arm(address(pm), abi.encodeCall(PositionManager.close, (id)));
        vm.prank(alice);
        pm.addMargin(id, 1e6); // transferFrom re-enters close
        assertTrue(evil.reentryAttempted());
        assertFalse(evil.reentryOk());
        assertEq(bytes4(evil.reentryError()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        PositionManager.Position memory p;
        (p.owner,,,,, p.margin) = pm.positions(id);
        assertEq(p.margin, 1_001e6);
    }
}
