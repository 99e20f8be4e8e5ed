// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IMailbox} from "./interfaces/IMailbox.sol";
import {IMessageRecipient} from "./interfaces/IMessageRecipient.sol";
import {IMultisigIsm} from "./interfaces/IMultisigIsm.sol";
import {Checkpoint} from "./libs/Checkpoint.sol";
import {Message} from "./libs/Message.sol";
import {MerkleLib} from "./libs/MerkleLib.sol";

/// @title Mailbox
/// @notice Interop v1 message endpoint. Origin side: `dispatch` appends the message id to an incremental Merkle tree
/// and collects the interchain gas fee. Destination side: `processBatch` proves a batch of messages against a
/// checkpoint attested by the MultisigIsm (one multiproof per batch) and calls each recipient's `handle` with its
/// committed gas limit; a reverting recipient is recorded as failed and can be re-run with `retry`.
contract Mailbox is IMailbox, Ownable {
    using MerkleLib for MerkleLib.Tree;

    /// @notice Largest message body accepted by `dispatch`.
    uint256 public constant MAX_BODY_BYTES = 16_384;
    /// @notice Gas kept on top of gasLimit * 64/63 when checking a delivery can give `handle` its full gasLimit.
    uint256 public constant HANDLE_GAS_RESERVE = 1_000;
    /// @notice Bytes of revert data kept in a ProcessFailed event or a RetryFailed error.
    uint256 public constant MAX_REVERT_DATA = 256;

    uint256 private constant FAILED_FLAG = 1 << 255;

    /// @inheritdoc IMailbox
    uint32 public immutable localDomain;
    /// @notice The checkpoint verifier (validator sets per origin, verified-checkpoint cache).
    IMultisigIsm public immutable ism;

    /// @notice Gas oracle entry for a destination: fee = (gasLimit + overhead) * gasPrice.
    struct GasConfig {
        uint128 gasPrice;
        uint64 overhead;
    }

    MerkleLib.Tree private _tree;
    /// @notice The enrolled Mailbox (as bytes32) of each remote domain; zero when not enrolled.
    mapping(uint32 domain => bytes32 mailbox) public remoteMailbox;
    /// @notice Gas oracle per destination domain.
    mapping(uint32 destination => GasConfig) public gasConfig;
    /// @notice Receiver of collected fees (the owner when unset).
    address public feeBeneficiary;

    mapping(uint32 origin => mapping(uint256 word => uint256 bits)) private _delivered;
    // message id => FAILED_FLAG | origin << 64 | nonce
    mapping(bytes32 id => uint256 record) private _failed;

    event Dispatched(
        bytes32 indexed id, uint32 indexed destination, bytes32 indexed recipient, uint32 index, bytes32 root, bytes message
    );
    event GasPayment(bytes32 indexed id, uint32 indexed destination, uint32 gasLimit, uint256 payment);
    event Processed(bytes32 indexed id, uint32 indexed origin, uint64 nonce);
    event ProcessFailed(bytes32 indexed id, uint32 indexed origin, uint64 nonce, bytes revertData);
    event Retried(bytes32 indexed id, uint32 indexed origin, uint64 nonce);
    event RemoteMailboxEnrolled(uint32 indexed domain, bytes32 mailbox);
    event GasConfigSet(uint32 indexed destination, uint128 gasPrice, uint64 overhead);
    event FeeBeneficiarySet(address indexed beneficiary);
    event FeesClaimed(address indexed to, uint256 amount);

    error InvalidDomain(uint32 domain);
    error NoMessagesDispatched();
    error UnknownDestination(uint32 destination);
    error BodyTooLarge(uint256 length, uint256 max);
    error InsufficientFee(uint256 required, uint256 provided);
    error NativeTransferFailed(address to, uint256 amount);
    error NotFeeClaimer(address caller);
    error UnknownOrigin(uint32 origin);
    error WrongOriginMailbox(uint32 origin, bytes32 expected, bytes32 provided);
    error EmptyBatch();
    error MessageTooShort(uint256 position, uint256 length);
    error UnsupportedVersion(uint256 position, uint8 version);
    error MessageOriginMismatch(uint256 position, uint32 origin);
    error MessageDestinationMismatch(uint256 position, uint32 destination);
    error NonceBeyondCheckpoint(uint256 position, uint64 nonce, uint32 index);
    error NoncesNotAscending(uint256 position);
    error RootMismatch(bytes32 computed, bytes32 expected);
    error InsufficientGas(bytes32 id, uint256 required, uint256 available);
    error MessageNotFailed(bytes32 id);
    error AlreadyDelivered(bytes32 id);
    error RetryFailed(bytes32 id, bytes revertData);

    /// @param domain This chain's domain (its chain id).
    /// @param ism_ The MultisigIsm that verifies checkpoints.
    /// @param initialOwner Owner (enrolment, gas oracle, fee beneficiary).
    constructor(uint32 domain, address ism_, address initialOwner) Ownable(initialOwner) {
        if (domain == 0) revert InvalidDomain(domain);
        localDomain = domain;
        ism = IMultisigIsm(ism_);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Enrols (or with zero, removes) the Mailbox of a remote domain; required both to send and to receive.
    function enrollRemoteMailbox(uint32 domain, bytes32 mailbox) external onlyOwner {
        if (domain == 0 || domain == localDomain) revert InvalidDomain(domain);
        remoteMailbox[domain] = mailbox;
        emit RemoteMailboxEnrolled(domain, mailbox);
    }

    /// @notice Sets the gas oracle for a destination: price in origin wei per destination gas unit, and overhead gas.
    function setGasConfig(uint32 destination, uint128 gasPrice, uint64 overhead) external onlyOwner {
        gasConfig[destination] = GasConfig({gasPrice: gasPrice, overhead: overhead});
        emit GasConfigSet(destination, gasPrice, overhead);
    }

    /// @notice Sets who receives collected fees.
    function setFeeBeneficiary(address beneficiary) external onlyOwner {
        feeBeneficiary = beneficiary;
        emit FeeBeneficiarySet(beneficiary);
    }

    /// @notice Sends all collected fees to the beneficiary (or the owner when unset); owner or beneficiary only.
    function claimFees() external {
        address to = feeBeneficiary == address(0) ? owner() : feeBeneficiary;
        if (msg.sender != owner() && msg.sender != to) revert NotFeeClaimer(msg.sender);
        uint256 amount = address(this).balance;
        emit FeesClaimed(to, amount);
        _sendNative(to, amount);
    }

    // ---------------------------------------------------------------- origin side

    /// @inheritdoc IMailbox
    function quoteDispatch(uint32 destination, uint32 gasLimit) public view returns (uint256) {
        GasConfig memory g = gasConfig[destination];
        return (uint256(gasLimit) + g.overhead) * g.gasPrice;
    }

    /// @inheritdoc IMailbox
    function dispatch(uint32 destination, bytes32 recipient, uint32 gasLimit, bytes calldata body)
        external
        payable
        returns (bytes32 id)
    {
        if (remoteMailbox[destination] == bytes32(0)) revert UnknownDestination(destination);
        if (body.length > MAX_BODY_BYTES) revert BodyTooLarge(body.length, MAX_BODY_BYTES);
        uint256 fee = quoteDispatch(destination, gasLimit);
        if (msg.value < fee) revert InsufficientFee(fee, msg.value);

        uint256 nonce = _tree.count;
        bytes memory message = Message.encode(
            uint64(nonce), localDomain, Message.toBytes32(msg.sender), destination, recipient, gasLimit, body
        );
        id = keccak256(message);
        _tree.insert(MerkleLib.leafHash(id));
        emit Dispatched(id, destination, recipient, uint32(nonce), _tree.root(), message);
        emit GasPayment(id, destination, gasLimit, fee);

        if (msg.value > fee) _sendNative(msg.sender, msg.value - fee);
    }

    /// @notice Number of messages dispatched (the next nonce).
    function count() external view returns (uint256) {
        return _tree.count;
    }

    /// @notice Current root of the outbound message tree.
    function root() external view returns (bytes32) {
        return _tree.root();
    }

    /// @notice The checkpoint validators sign now: (root, index = count - 1). Reverts while no message was sent.
    function latestCheckpoint() external view returns (bytes32, uint32) {
        uint256 n = _tree.count;
        if (n == 0) revert NoMessagesDispatched();
        return (_tree.root(), uint32(n - 1));
    }

    // ---------------------------------------------------------------- destination side

    /// @notice Delivers a batch of messages from `cp.origin` proven against the attested checkpoint `cp`.
    /// @param cp Checkpoint (origin, origin mailbox, root, index); must name the enrolled origin mailbox.
    /// @param signatures Concatenated 65-byte validator signatures, ascending by signer (may be empty if `cp` is
    /// already verified).
    /// @param messages Packed v1 messages, nonces strictly ascending, each nonce <= cp.index.
    /// @param proof Multiproof siblings for the batch (see MerkleLib.processMultiproof).
    function processBatch(
        Checkpoint calldata cp,
        bytes calldata signatures,
        bytes[] calldata messages,
        bytes32[] calldata proof
    ) external {
        uint32 origin = cp.origin;
        bytes32 expected = remoteMailbox[origin];
        if (expected == bytes32(0)) revert UnknownOrigin(origin);
        if (cp.originMailbox != expected) revert WrongOriginMailbox(origin, expected, cp.originMailbox);
        uint256 n = messages.length;
        if (n == 0) revert EmptyBatch();
        ism.verifyCheckpoint(cp, signatures);

        bytes32[] memory ids = _proveBatch(cp, messages, proof);

        mapping(uint256 => uint256) storage bitmap = _delivered[origin];
        for (uint256 i = 0; i < n; ++i) {
            _deliver(bitmap, origin, ids[i], messages[i]);
        }
    }

    /// @notice Re-runs a message whose `handle` reverted; anyone may call. Forwards all remaining gas (at least the
    /// committed gasLimit) and reverts with RetryFailed if `handle` reverts again.
    function retry(bytes calldata message) external {
        if (message.length < Message.HEADER_LENGTH) revert MessageTooShort(0, message.length);
        bytes32 id = Message.idCalldata(message);
        if (_failed[id] == 0) revert MessageNotFailed(id);
        (, uint64 nonce, uint32 origin) = Message.versionNonceOrigin(message);
        mapping(uint256 => uint256) storage bitmap = _delivered[origin];
        uint256 word = uint256(nonce) >> 8;
        uint256 bit = 1 << (uint256(nonce) & 255);
        uint256 bits = bitmap[word];
        if (bits & bit != 0) revert AlreadyDelivered(id);
        bitmap[word] = bits | bit;

        (bool ok, bytes memory revertData) = _callHandle(id, message, false);
        if (!ok) revert RetryFailed(id, revertData);
        delete _failed[id];
        emit Processed(id, origin, nonce);
        emit Retried(id, origin, nonce);
    }

    /// @notice True if the message (origin, nonce) was delivered successfully.
    function delivered(uint32 origin, uint64 nonce) public view returns (bool) {
        return _delivered[origin][uint256(nonce) >> 8] & (1 << (uint256(nonce) & 255)) != 0;
    }

    /// @notice The delivered bitmap word for nonces [word*256, word*256+255] of `origin` (bit i = nonce word*256+i).
    function deliveredWord(uint32 origin, uint256 word) external view returns (uint256) {
        return _delivered[origin][word];
    }

    /// @notice True if the message `id` was proven, its `handle` reverted, and it has not been delivered since.
    function failed(bytes32 id) external view returns (bool) {
        uint256 record = _failed[id];
        return record != 0 && !delivered(uint32(record >> 64), uint64(record));
    }

    // ---------------------------------------------------------------- internals

    /// @dev Checks every message header against the checkpoint and the batch multiproof against cp.root.
    function _proveBatch(Checkpoint calldata cp, bytes[] calldata messages, bytes32[] calldata proof)
        private
        view
        returns (bytes32[] memory ids)
    {
        uint256[] memory indices;
        bytes32[] memory leaves;
        (indices, leaves, ids) = _hashBatch(cp.origin, cp.index, messages);
        bytes32 computed = MerkleLib.processMultiproof(indices, leaves, proof);
        if (computed != cp.root) revert RootMismatch(computed, cp.root);
    }

    /// @dev Validates the batch's headers; returns nonces, leaf hashes and message ids.
    function _hashBatch(uint32 origin, uint32 index, bytes[] calldata messages)
        private
        view
        returns (uint256[] memory indices, bytes32[] memory leaves, bytes32[] memory ids)
    {
        uint256 n = messages.length;
        indices = new uint256[](n);
        leaves = new bytes32[](n);
        ids = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint64 nonce = _checkHeader(messages[i], i, origin, index);
            if (i != 0 && nonce <= indices[i - 1]) revert NoncesNotAscending(i);
            indices[i] = nonce;
            bytes32 id = Message.idCalldata(messages[i]);
            ids[i] = id;
            leaves[i] = MerkleLib.leafHash(id);
        }
    }

    /// @dev Validates one batch message against the checkpoint; returns its nonce.
    function _checkHeader(bytes calldata m, uint256 i, uint32 origin, uint32 index) private view returns (uint64) {
        if (m.length < Message.HEADER_LENGTH) revert MessageTooShort(i, m.length);
        (uint8 version, uint64 nonce, uint32 messageOrigin) = Message.versionNonceOrigin(m);
        if (version != Message.VERSION) revert UnsupportedVersion(i, version);
        if (messageOrigin != origin) revert MessageOriginMismatch(i, messageOrigin);
        uint32 destination = Message.destination(m);
        if (destination != localDomain) revert MessageDestinationMismatch(i, destination);
        if (nonce > index) revert NonceBeyondCheckpoint(i, nonce, index);
        return nonce;
    }

    function _deliver(mapping(uint256 => uint256) storage bitmap, uint32 origin, bytes32 id, bytes calldata message)
        private
    {
        (, uint64 nonce,) = Message.versionNonceOrigin(message);
        uint256 word = uint256(nonce) >> 8;
        uint256 bit = 1 << (uint256(nonce) & 255);
        uint256 bits = bitmap[word];
        if (bits & bit != 0) return; // already delivered (e.g. by a racing relayer): skip
        bitmap[word] = bits | bit; // mark before the call: a re-entrant delivery of this message is a no-op

        (bool ok, bytes memory revertData) = _callHandle(id, message, true);
        if (ok) {
            emit Processed(id, origin, nonce);
        } else {
            bitmap[word] = bits; // unmark; anything handle did (incl. re-entrant deliveries) was rolled back
            _failed[id] = FAILED_FLAG | (uint256(origin) << 64) | nonce;
            emit ProcessFailed(id, origin, nonce, revertData);
        }
    }

    /// @dev Calls recipient.handle(origin, sender, body). With `exactGas` the call gets exactly the committed
    /// gasLimit, otherwise all remaining gas; either way the caller must have left enough for gasLimit under the
    /// 63/64 rule, else the whole transaction reverts (the relayer underfunded it). Return data is not copied
    /// (no returnbomb); on failure at most MAX_REVERT_DATA bytes of it are kept.
    function _callHandle(bytes32 id, bytes calldata message, bool exactGas)
        private
        returns (bool ok, bytes memory revertData)
    {
        address recipient = address(uint160(uint256(Message.recipient(message))));
        if (recipient.code.length == 0) return (false, revertData);
        bytes4 selector = IMessageRecipient.handle.selector;
        bytes4 insufficientGas = InsufficientGas.selector;
        assembly ("memory-safe") {
            let gasLimit := shr(224, calldataload(add(message.offset, 81)))
            let bodyLength := sub(message.length, 85)
            // handle(uint32 origin, bytes32 sender, bytes body)
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 4), and(shr(152, calldataload(message.offset)), 0xffffffff))
            mstore(add(ptr, 36), calldataload(add(message.offset, 13)))
            mstore(add(ptr, 68), 0x60)
            mstore(add(ptr, 100), bodyLength)
            let padded := and(add(bodyLength, 31), not(31))
            if padded { mstore(add(ptr, add(100, padded)), 0) }
            calldatacopy(add(ptr, 132), add(message.offset, 85), bodyLength)
            let required := add(add(gasLimit, div(gasLimit, 63)), HANDLE_GAS_RESERVE)
            let available := gas()
            if lt(available, required) {
                let e := add(ptr, add(132, padded))
                mstore(e, insufficientGas)
                mstore(add(e, 4), id)
                mstore(add(e, 36), required)
                mstore(add(e, 68), available)
                revert(e, 100)
            }
            if iszero(exactGas) { gasLimit := gas() }
            ok := call(gasLimit, recipient, 0, ptr, add(132, padded), 0, 0)
        }
        if (!ok) {
            assembly ("memory-safe") {
                let size := returndatasize()
                if gt(size, MAX_REVERT_DATA) { size := MAX_REVERT_DATA }
                revertData := mload(0x40)
                mstore(revertData, size)
                returndatacopy(add(revertData, 32), 0, size)
                mstore(0x40, add(add(revertData, 32), and(add(size, 31), not(31))))
            }
        }
    }

    function _sendNative(address to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert NativeTransferFailed(to, amount);
    }
}
