// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Implemented by contracts that receive tokens with a payload through the TokenBridge.
interface ITokenBridgeRecipient {
    /// @notice Called by the TokenBridge right after `amount` was credited to this contract.
    /// @param origin Domain the transfer came from.
    /// @param sender Account (as bytes32) that called transferRemoteWithPayload on the origin.
    function onTokenBridged(uint32 origin, bytes32 sender, uint256 amount, bytes calldata payload) external;
}
