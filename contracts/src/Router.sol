// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IMailbox} from "./interfaces/IMailbox.sol";
import {IMessageRecipient} from "./interfaces/IMessageRecipient.sol";

/// @title Router
/// @notice Base of the Interop applications: one enrolled counterpart per remote domain. `handle` accepts a
/// message only from the local Mailbox and only from the enrolled counterpart of the origin domain.
abstract contract Router is IMessageRecipient, Ownable, ReentrancyGuardTransient {
    /// @notice The local Mailbox.
    IMailbox public immutable mailbox;
    /// @notice This chain's domain (read from the Mailbox).
    uint32 public immutable localDomain;

    /// @notice Enrolled counterpart (as bytes32) per remote domain; zero when not enrolled.
    mapping(uint32 domain => bytes32 router) public remoteRouter;

    event RemoteRouterEnrolled(uint32 indexed domain, bytes32 router);

    error InvalidDomain(uint32 domain);
    error NotMailbox(address caller);
    error UnauthorizedSender(uint32 origin, bytes32 sender);
    error UnknownRemote(uint32 domain);
    error InsufficientFee(uint256 required, uint256 provided);
    error NativeTransferFailed(address to, uint256 amount);

    constructor(address mailbox_, address initialOwner) Ownable(initialOwner) {
        mailbox = IMailbox(mailbox_);
        localDomain = IMailbox(mailbox_).localDomain();
    }

    /// @notice Enrols (or with zero, removes) the counterpart contract on `domain`.
    function enrollRemoteRouter(uint32 domain, bytes32 router) external onlyOwner {
        if (domain == 0 || domain == localDomain) revert InvalidDomain(domain);
        remoteRouter[domain] = router;
        emit RemoteRouterEnrolled(domain, router);
    }

    /// @inheritdoc IMessageRecipient
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external nonReentrant {
        if (msg.sender != address(mailbox)) revert NotMailbox(msg.sender);
        bytes32 expected = remoteRouter[origin];
        if (expected == bytes32(0) || sender != expected) revert UnauthorizedSender(origin, sender);
        _handle(origin, body);
    }

    /// @dev Application logic for an authenticated message.
    function _handle(uint32 origin, bytes calldata body) internal virtual;

    /// @dev Sends `body` to the counterpart on `destination`, paying the Mailbox fee from msg.value and refunding
    /// the excess to msg.sender.
    function _dispatchPaid(uint32 destination, uint32 gasLimit, bytes memory body) internal returns (bytes32 id) {
        bytes32 router = remoteRouter[destination];
        if (router == bytes32(0)) revert UnknownRemote(destination);
        uint256 fee = mailbox.quoteDispatch(destination, gasLimit);
        if (msg.value < fee) revert InsufficientFee(fee, msg.value);
        id = mailbox.dispatch{value: fee}(destination, router, gasLimit, body);
        if (msg.value > fee) {
            (bool ok,) = msg.sender.call{value: msg.value - fee}("");
            if (!ok) revert NativeTransferFailed(msg.sender, msg.value - fee);
        }
    }

    /// @dev Reverts unless a counterpart is enrolled on `domain`.
    function _requireRemote(uint32 domain) internal view {
        if (remoteRouter[domain] == bytes32(0)) revert UnknownRemote(domain);
    }
}
