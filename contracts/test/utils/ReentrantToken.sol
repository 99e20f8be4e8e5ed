// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice ERC20 that, once armed, re-enters `target` with `reentry` from its next transfer or transferFrom and
/// records the outcome.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public reentry;
    bool public reentryAttempted;
    bool public reentryOk;
    bytes public reentryError;

    constructor() ERC20("Evil", "EVIL") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address t, bytes calldata data) external {
        (target, reentry) = (t, data);
    }

    function _fire() private {
        if (reentry.length == 0) return;
        bytes memory data = reentry;
        delete reentry;
        reentryAttempted = true;
        (reentryOk, reentryError) = target.call(data);
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        _fire();
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _fire();
        return super.transferFrom(from, to, value);
    }
}
