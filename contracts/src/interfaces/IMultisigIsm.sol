// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Checkpoint} from "../libs/Checkpoint.sol";

/// @notice Checkpoint verification used by the Mailbox.
interface IMultisigIsm {
    /// @notice Reverts unless `cp` is signed by a threshold of the origin's validators (or already verified).
    function verifyCheckpoint(Checkpoint calldata cp, bytes calldata signatures) external returns (bytes32 digest);
}
