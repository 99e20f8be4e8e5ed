namespace Interop.Ethereum.Keystore;

/// <summary>A keystore could not be opened: see <see cref="WrongKeystorePasswordException"/> and <see cref="InvalidKeystoreException"/>.</summary>
public abstract class KeystoreException : Exception
{
    private protected KeystoreException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>The MAC does not match: the password is wrong (or the ciphertext was altered).</summary>
public sealed class WrongKeystorePasswordException : KeystoreException
{
    internal WrongKeystorePasswordException()
        : base("wrong password (MAC mismatch): the password does not open this keystore, or the file has been modified")
    {
    }
}

/// <summary>The file is not a usable Web3 Secret Storage (v3) keystore; the message names the field and the problem.</summary>
public sealed class InvalidKeystoreException : KeystoreException
{
    internal InvalidKeystoreException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
