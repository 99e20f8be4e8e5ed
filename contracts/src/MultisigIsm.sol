// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Checkpoint, CheckpointLib} from "./libs/Checkpoint.sol";
import {IMultisigIsm} from "./interfaces/IMultisigIsm.sol";

/// @title MultisigIsm
/// @notice m-of-n validator attestation of origin checkpoints, with a cache of verified checkpoints.
/// @dev Signatures are 65-byte r‖s‖v (v 27/28) concatenated, signers strictly ascending by address. The cache is
/// keyed by the checkpoint digest (origin, origin mailbox, root, index) and tagged with the validator-set version,
/// so replacing an origin's validator set invalidates everything verified under the old set.
contract MultisigIsm is IMultisigIsm, Ownable {
    uint256 internal constant SIGNATURE_LENGTH = 65;

    struct ValidatorSet {
        uint64 version;
        uint8 threshold;
    }

    mapping(uint32 origin => ValidatorSet) private _sets;
    mapping(uint32 origin => address[]) private _validatorLists;
    mapping(uint32 origin => mapping(uint64 version => mapping(address => bool))) private _isValidator;
    mapping(bytes32 digest => uint64 version) private _verified;

    event ValidatorSetUpdated(uint32 indexed origin, uint64 version, address[] validators, uint8 threshold);
    event CheckpointVerified(uint32 indexed origin, bytes32 indexed root, uint32 index, bytes32 originMailbox);

    error NoValidatorSet(uint32 origin);
    error InvalidThreshold(uint256 threshold, uint256 validators);
    error InvalidValidator(address validator);
    error DuplicateValidator(address validator);
    error InvalidSignaturesLength(uint256 length);
    error BelowThreshold(uint256 signatures, uint256 threshold);
    error SignersNotAscending(uint256 position, address signer);
    error NotAValidator(address signer);

    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @notice Replaces the validator set and threshold of `origin` (invalidates its cached checkpoints).
    function setValidators(uint32 origin, address[] calldata validators, uint8 threshold) external onlyOwner {
        if (threshold == 0 || threshold > validators.length) revert InvalidThreshold(threshold, validators.length);
        uint64 version = _sets[origin].version + 1;
        mapping(address => bool) storage members = _isValidator[origin][version];
        for (uint256 i = 0; i < validators.length; ++i) {
            address v = validators[i];
            if (v == address(0)) revert InvalidValidator(v);
            if (members[v]) revert DuplicateValidator(v);
            members[v] = true;
        }
        _sets[origin] = ValidatorSet({version: version, threshold: threshold});
        _validatorLists[origin] = validators;
        emit ValidatorSetUpdated(origin, version, validators, threshold);
    }

    /// @inheritdoc IMultisigIsm
    function verifyCheckpoint(Checkpoint calldata cp, bytes calldata signatures) external returns (bytes32 digest) {
        ValidatorSet memory set = _sets[cp.origin];
        if (set.threshold == 0) revert NoValidatorSet(cp.origin);
        digest = CheckpointLib.digest(cp);
        if (_verified[digest] == set.version) return digest;
        _checkSignatures(cp.origin, set, CheckpointLib.signedHash(digest), signatures);
        _verified[digest] = set.version;
        emit CheckpointVerified(cp.origin, cp.root, cp.index, cp.originMailbox);
    }

    /// @notice True if `cp` was verified under the origin's current validator set.
    function isVerified(Checkpoint calldata cp) external view returns (bool) {
        ValidatorSet memory set = _sets[cp.origin];
        return set.threshold != 0 && _verified[CheckpointLib.digest(cp)] == set.version;
    }

    /// @notice Current validators and threshold of `origin`.
    function validatorsAndThreshold(uint32 origin) external view returns (address[] memory, uint8) {
        return (_validatorLists[origin], _sets[origin].threshold);
    }

    /// @notice Current validator-set version of `origin` (0 when none was ever set).
    function validatorSetVersion(uint32 origin) external view returns (uint64) {
        return _sets[origin].version;
    }

    /// @notice True if `account` is in the current validator set of `origin`.
    function isValidator(uint32 origin, address account) external view returns (bool) {
        return _isValidator[origin][_sets[origin].version][account];
    }

    /// @notice The digest validators sign (EIP-191) for a checkpoint.
    function checkpointDigest(uint32 origin, bytes32 originMailbox, bytes32 root, uint32 index)
        external
        pure
        returns (bytes32)
    {
        return CheckpointLib.digest(origin, originMailbox, root, index);
    }

    function _checkSignatures(uint32 origin, ValidatorSet memory set, bytes32 hash, bytes calldata signatures)
        private
        view
    {
        uint256 length = signatures.length;
        if (length % SIGNATURE_LENGTH != 0) revert InvalidSignaturesLength(length);
        uint256 count = length / SIGNATURE_LENGTH;
        if (count < set.threshold) revert BelowThreshold(count, set.threshold);
        mapping(address => bool) storage members = _isValidator[origin][set.version];
        address previous = address(0);
        for (uint256 i = 0; i < count; ++i) {
            bytes32 r;
            bytes32 s;
            uint8 v;
            assembly {
                let p := add(signatures.offset, mul(i, 65))
                r := calldataload(p)
                s := calldataload(add(p, 32))
                v := byte(0, calldataload(add(p, 64)))
            }
            address signer = ECDSA.recover(hash, v, r, s);
            if (signer <= previous) revert SignersNotAscending(i, signer);
            if (!members[signer]) revert NotAValidator(signer);
            previous = signer;
        }
    }
}
