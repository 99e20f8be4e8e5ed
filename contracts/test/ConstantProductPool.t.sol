// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";
import {ConstantProductPool} from "../src/ConstantProductPool.sol";
import {TestERC20} from "../src/tokens/TestERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

contract ConstantProductPoolTest is Test {
    TestERC20 usdc;
    TestERC20 weth;
    ConstantProductPool pool;
    address lp = address(0x11);
    address trader = address(0x22);

    function setUp() public {
        usdc = new TestERC20("USD Coin", "USDC", 6, 1_000e6, address(this));
        weth = new TestERC20("Wrapped Ether", "WETH", 18, 1e18, address(this));
        pool = new ConstantProductPool(address(usdc), address(weth), "Interop LP USDC/WETH", "ILP");
        usdc.mint(lp, 10_000_000e6);
        weth.mint(lp, 10_000e18);
        usdc.mint(trader, 1_000_000e6);
        weth.mint(trader, 1_000e18);
        vm.startPrank(lp);
        usdc.approve(address(pool), type(uint256).max);
        weth.approve(address(pool), type(uint256).max);
        pool.addLiquidity(3_000_000e6, 1_000e18, 0, lp);
        vm.stopPrank();
        vm.startPrank(trader);
        usdc.approve(address(pool), type(uint256).max);
        weth.approve(address(pool), type(uint256).max);
        vm.stopPrank();
    }

    function test_faucetAndDecimals() public {
        assertEq(usdc.decimals(), 6);
        assertEq(weth.decimals(), 18);
        vm.prank(address(0x99));
        usdc.faucet();
        assertEq(usdc.balanceOf(address(0x99)), 1_000e6);
    }

    function test_initialLiquidity() public view {
        uint256 shares = pool.balanceOf(lp);
        assertEq(shares + pool.MINIMUM_LIQUIDITY(), sqrt(3_000_000e6 * 1_000e18));
        (uint256 r0, uint256 r1) = pool.getReserves();
        assertEq(r0, 3_000_000e6);
        assertEq(r1, 1_000e18);
    }

    function test_swapExactIn_matchesFormula_andEmits() public {
        uint256 amountIn = 3_000e6;
        uint256 expected = amountIn * 997 * 1_000e18 / (3_000_000e6 * 1000 + amountIn * 997);
        assertEq(pool.getAmountOut(address(usdc), amountIn), expected);
        vm.expectEmit(false, false, false, true, address(pool));
        emit ConstantProductPool.Sync(3_000_000e6 + amountIn, 1_000e18 - expected);
        vm.expectEmit(true, true, true, true, address(pool));
        emit ConstantProductPool.Swap(trader, address(usdc), amountIn, expected, trader);
        vm.prank(trader);
        uint256 out = pool.swap(address(usdc), amountIn, expected, trader);
        assertEq(out, expected);
        assertEq(weth.balanceOf(trader), 1_000e18 + expected);
    }

    function test_swap_minOutAndBadToken() public {
        uint256 quote = pool.getAmountOut(address(weth), 1e18);
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(ConstantProductPool.InsufficientOutput.selector, quote, quote + 1));
        pool.swap(address(weth), 1e18, quote + 1, trader);
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(ConstantProductPool.UnknownToken.selector, address(0xBAD)));
        pool.swap(address(0xBAD), 1e18, 0, trader);
        vm.prank(trader);
        vm.expectRevert(ConstantProductPool.ZeroAmount.selector);
        pool.swap(address(weth), 0, 0, trader);
    }

    function testFuzz_swapNeverDecreasesK(uint256 amountIn, bool usdcIn) public {
        (uint256 r0, uint256 r1) = pool.getReserves();
        uint256 kBefore = r0 * r1;
        amountIn = bound(amountIn, usdcIn ? 1e3 : 1e12, usdcIn ? 1_000_000e6 : 1_000e18);
        vm.prank(trader);
        try pool.swap(usdcIn ? address(usdc) : address(weth), amountIn, 0, trader) {} catch {}
        (r0, r1) = pool.getReserves();
        assertGe(r0 * r1, kBefore);
    }

    function test_addAndRemoveLiquidity_proportional() public {
        address lp2 = address(0x33);
        usdc.mint(lp2, 300_000e6);
        weth.mint(lp2, 200e18);
        vm.startPrank(lp2);
        usdc.approve(address(pool), type(uint256).max);
        weth.approve(address(pool), type(uint256).max);
        uint256 supply = pool.totalSupply();
        (uint256 a0, uint256 a1, uint256 shares) = pool.addLiquidity(300_000e6, 200e18, 0, lp2);
        assertEq(a0, 300_000e6);
        assertEq(a1, 100e18, "only the pool ratio is taken");
        assertEq(shares, supply / 10);
        (uint256 b0, uint256 b1) = pool.removeLiquidity(shares, 0, 0, lp2);
        vm.stopPrank();
        assertLe(b0, a0);
        assertLe(b1, a1);
        assertGe(b0, a0 - 1);
        assertGe(b1, a1 - 1e12);
        vm.prank(lp2);
        vm.expectRevert(abi.encodeWithSelector(ConstantProductPool.InsufficientShares.selector, 0, 1));
        pool.addLiquidity(0, 0, 1, lp2);
    }

    function test_reentrancy_tokenCannotReenterSwap() public {
        ReentrantToken evil = new ReentrantToken();
        ConstantProductPool p2 = new ConstantProductPool(address(evil), address(weth), "LP", "LP");
        evil.mint(lp, 1_001_000e6);
        vm.startPrank(lp);
        evil.approve(address(p2), type(uint256).max);
        weth.approve(address(p2), type(uint256).max);
        p2.addLiquidity(1_000_000e6, 100e18, 0, lp);
        evil.arm(address(p2), abi.encodeCall(ConstantProductPool.swap, (address(weth), 1e18, 0, lp)));
        p2.swap(address(evil), 1_000e6, 0, lp);
        vm.stopPrank();
        assertTrue(evil.reentryAttempted());
        assertFalse(evil.reentryOk());
        assertEq(bytes4(evil.reentryError()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
    }

    function sqrt(uint256 x) internal pure returns (uint256 y) {
        y = x;
        uint256 z = (x + 1) / 2;
        while (z < y) {
            y = z;
            z = (x / z + z) / 2;
        }
    }
}
