// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Implemented by contracts that receive Interop messages from their Mailbox.
interface IMessageRecipient {
    /// @notice Called by the destination Mailbox with exactly the message's committed gasLimit.
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external;
}
