// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestERC20
/// @notice Devnet token ("USDC" with 6 decimals, "WETH" with 18): the owner mints freely, anyone may take
/// `faucetAmount` per call from the faucet.
contract TestERC20 is ERC20, Ownable {
    uint8 private immutable _decimals;
    /// @notice Amount minted by one `faucet` call.
    uint256 public immutable faucetAmount;

    event FaucetDrip(address indexed to, uint256 amount);

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Token decimals.
    /// @param faucetAmount_ Amount minted per faucet call (0 disables the faucet).
    /// @param initialOwner Owner allowed to mint.
    constructor(string memory name_, string memory symbol_, uint8 decimals_, uint256 faucetAmount_, address initialOwner)
        ERC20(name_, symbol_)
        Ownable(initialOwner)
    {
        _decimals = decimals_;
        faucetAmount = faucetAmount_;
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Mints `amount` to `to` (owner only).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Mints `faucetAmount` to the caller.
    function faucet() external {
        _mint(msg.sender, faucetAmount);
        emit FaucetDrip(msg.sender, faucetAmount);
    }
}
