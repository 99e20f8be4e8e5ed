// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The part of the Mailbox that applications use.
interface IMailbox {
    /// @notice This chain's domain (its chain id).
    function localDomain() external view returns (uint32);

    /// @notice Sends a message; `msg.value` must cover `quoteDispatch(destination, gasLimit)`, excess is refunded.
    function dispatch(uint32 destination, bytes32 recipient, uint32 gasLimit, bytes calldata body)
        external
        payable
        returns (bytes32 id);

    /// @notice Interchain gas fee in native wei for a message to `destination` with `gasLimit`.
    function quoteDispatch(uint32 destination, uint32 gasLimit) external view returns (uint256);
}
