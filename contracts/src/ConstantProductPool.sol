// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title ConstantProductPool
/// @notice x*y=k AMM for one token pair with a 0.3% fee on the input (a router venue). The pool is its own LP
/// token. amountOut = amountIn*997*reserveOut / (reserveIn*1000 + amountIn*997).
contract ConstantProductPool is ERC20, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Shares locked forever on the first deposit (to the dead address).
    uint256 public constant MINIMUM_LIQUIDITY = 1_000;
    address internal constant DEAD = 0x000000000000000000000000000000000000dEaD;

    IERC20 public immutable token0;
    IERC20 public immutable token1;
    uint256 public reserve0;
    uint256 public reserve1;

    event Swap(
        address indexed sender, address indexed tokenIn, uint256 amountIn, uint256 amountOut, address indexed to
    );
    event Sync(uint256 reserve0, uint256 reserve1);
    event LiquidityAdded(address indexed provider, address indexed to, uint256 amount0, uint256 amount1, uint256 shares);
    event LiquidityRemoved(
        address indexed provider, address indexed to, uint256 amount0, uint256 amount1, uint256 shares
    );

    error InvalidTokens();
    error UnknownToken(address token);
    error ZeroAmount();
    error InsufficientLiquidity();
    error InsufficientOutput(uint256 amountOut, uint256 minAmountOut);
    error InsufficientShares(uint256 shares, uint256 minShares);

    /// @param token0_ First token of the pair.
    /// @param token1_ Second token of the pair.
    /// @param name_ LP token name.
    /// @param symbol_ LP token symbol.
    constructor(address token0_, address token1_, string memory name_, string memory symbol_) ERC20(name_, symbol_) {
        if (token0_ == address(0) || token1_ == address(0) || token0_ == token1_) revert InvalidTokens();
        token0 = IERC20(token0_);
        token1 = IERC20(token1_);
    }

    /// @notice Current reserves.
    function getReserves() external view returns (uint256, uint256) {
        return (reserve0, reserve1);
    }

    /// @notice Output of an exact-input swap of `amountIn` of `tokenIn` at the current reserves.
    function getAmountOut(address tokenIn, uint256 amountIn) public view returns (uint256) {
        (uint256 rIn, uint256 rOut) = _orderedReserves(tokenIn);
        if (rIn == 0 || rOut == 0) revert InsufficientLiquidity();
        uint256 inWithFee = amountIn * 997;
        return inWithFee * rOut / (rIn * 1000 + inWithFee);
    }

    /// @notice Swaps exactly `amountIn` of `tokenIn` (approve first) for at least `minAmountOut` of the other
    /// token, sent to `to`.
    function swap(address tokenIn, uint256 amountIn, uint256 minAmountOut, address to)
        external
        nonReentrant
        returns (uint256 amountOut)
    {
        if (amountIn == 0) revert ZeroAmount();
        bool zeroForOne = tokenIn == address(token0);
        if (!zeroForOne && tokenIn != address(token1)) revert UnknownToken(tokenIn);
        (IERC20 tIn, IERC20 tOut) = zeroForOne ? (token0, token1) : (token1, token0);
        (uint256 rIn, uint256 rOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
        if (rIn == 0 || rOut == 0) revert InsufficientLiquidity();
        tIn.safeTransferFrom(msg.sender, address(this), amountIn);
        uint256 received = tIn.balanceOf(address(this)) - rIn; // exact amount that arrived
        uint256 inWithFee = received * 997;
        amountOut = inWithFee * rOut / (rIn * 1000 + inWithFee);
        if (amountOut == 0 || amountOut < minAmountOut) revert InsufficientOutput(amountOut, minAmountOut);
        tOut.safeTransfer(to, amountOut);
        _sync();
        emit Swap(msg.sender, tokenIn, received, amountOut, to);
    }

    /// @notice Deposits at most the desired amounts in the pool ratio (any ratio for the first deposit) and mints
    /// LP shares to `to`.
    function addLiquidity(uint256 amount0Desired, uint256 amount1Desired, uint256 minShares, address to)
        external
        nonReentrant
        returns (uint256 amount0, uint256 amount1, uint256 shares)
    {
        uint256 supply = totalSupply();
        if (supply == 0) {
            (amount0, amount1) = (amount0Desired, amount1Desired);
            uint256 root = Math.sqrt(amount0 * amount1);
            if (root <= MINIMUM_LIQUIDITY) revert InsufficientLiquidity();
            shares = root - MINIMUM_LIQUIDITY;
            _mint(DEAD, MINIMUM_LIQUIDITY);
        } else {
            uint256 amount1Optimal = amount0Desired * reserve1 / reserve0;
            if (amount1Optimal <= amount1Desired) {
                (amount0, amount1) = (amount0Desired, amount1Optimal);
            } else {
                (amount0, amount1) = (amount1Desired * reserve0 / reserve1, amount1Desired);
            }
            shares = Math.min(amount0 * supply / reserve0, amount1 * supply / reserve1);
        }
        if (shares == 0 || shares < minShares) revert InsufficientShares(shares, minShares);
        _mint(to, shares);
        token0.safeTransferFrom(msg.sender, address(this), amount0);
        token1.safeTransferFrom(msg.sender, address(this), amount1);
        _sync();
        emit LiquidityAdded(msg.sender, to, amount0, amount1, shares);
    }

    /// @notice Burns `shares` of the caller and sends the pro-rata reserves to `to`.
    function removeLiquidity(uint256 shares, uint256 min0, uint256 min1, address to)
        external
        nonReentrant
        returns (uint256 amount0, uint256 amount1)
    {
        if (shares == 0) revert ZeroAmount();
        uint256 supply = totalSupply();
        amount0 = shares * reserve0 / supply;
        amount1 = shares * reserve1 / supply;
        if (amount0 < min0) revert InsufficientOutput(amount0, min0);
        if (amount1 < min1) revert InsufficientOutput(amount1, min1);
        _burn(msg.sender, shares);
        token0.safeTransfer(to, amount0);
        token1.safeTransfer(to, amount1);
        _sync();
        emit LiquidityRemoved(msg.sender, to, amount0, amount1, shares);
    }

    function _orderedReserves(address tokenIn) private view returns (uint256, uint256) {
        if (tokenIn == address(token0)) return (reserve0, reserve1);
        if (tokenIn == address(token1)) return (reserve1, reserve0);
        revert UnknownToken(tokenIn);
    }

    function _sync() private {
        reserve0 = token0.balanceOf(address(this));
        reserve1 = token1.balanceOf(address(this));
        emit Sync(reserve0, reserve1);
    }
}
