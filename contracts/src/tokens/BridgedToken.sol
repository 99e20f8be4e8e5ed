// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title BridgedToken
/// @notice The L2 representation of the L1 collateral: minted and burned only by authorised minters
/// (the TokenBridge).
contract BridgedToken is ERC20, Ownable {
    uint8 private immutable _decimals;

    /// @notice Accounts allowed to mint and burn.
    mapping(address => bool) public isMinter;

    event MinterSet(address indexed minter, bool enabled);

    error NotMinter(address caller);

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Token decimals (6, matching the L1 collateral).
    /// @param initialOwner Owner managing minters.
    constructor(string memory name_, string memory symbol_, uint8 decimals_, address initialOwner)
        ERC20(name_, symbol_)
        Ownable(initialOwner)
    {
        _decimals = decimals_;
    }

    modifier onlyMinter() {
        if (!isMinter[msg.sender]) revert NotMinter(msg.sender);
        _;
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Grants or revokes the minter role.
    function setMinter(address minter, bool enabled) external onlyOwner {
        isMinter[minter] = enabled;
        emit MinterSet(minter, enabled);
    }

    /// @notice Mints `amount` to `to` (minters only).
    function mint(address to, uint256 amount) external onlyMinter {
        _mint(to, amount);
    }

    /// @notice Burns `amount` from `from` (minters only; the bridge burns from the account that called it).
    function burn(address from, uint256 amount) external onlyMinter {
        _burn(from, amount);
    }
}
