using System;
using System.Runtime.InteropServices;
using System.Security;

namespace AtlanTokens.Client
{
    /// <summary>Moves secrets between SecureString and the few places that need plain text.</summary>
    internal static class SecretText
    {
        /// <summary>The plain text of a SecureString; only for an HTTP header or an explicit -AsPlainText.</summary>
        public static string Reveal(SecureString secret)
        {
            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }

        /// <summary>A read-only SecureString from a buffer, which is then zeroed.</summary>
        public static SecureString FromBuffer(char[] buffer, int length)
        {
            var secret = new SecureString();
            try
            {
                for (int i = 0; i < length; i++)
                {
                    secret.AppendChar(buffer[i]);
                }
            }
            finally
            {
                Array.Clear(buffer, 0, buffer.Length);
            }

            secret.MakeReadOnly();
            return secret;
        }

        public static SecureString FromString(string value)
        {
            var secret = new SecureString();
            foreach (char c in value)
            {
                secret.AppendChar(c);
            }

            secret.MakeReadOnly();
            return secret;
        }

        public static bool IsBlank(SecureString? secret)
        {
            if (secret == null || secret.Length == 0)
            {
                return true;
            }

            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                for (int i = 0; i < secret.Length; i++)
                {
                    if (!char.IsWhiteSpace((char)Marshal.ReadInt16(pointer, i * 2)))
                    {
                        return false;
                    }
                }

                return true;
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }

        private static bool StartsWithBearer(IntPtr pointer, int length)
        {
            const string prefix = "bearer ";
            if (length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (char.ToLowerInvariant((char)Marshal.ReadInt16(pointer, i * 2)) != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// False (with the reason, never the value) when the token is blank, starts with 'Bearer ', or has a character
        /// that cannot travel in an Authorization header (a space, a quote, a line break, non-ASCII).
        /// </summary>
        internal static bool IsWellFormedBearer(SecureString token, out string? problem)
        {
            problem = null;
            if (token.Length == 0)
            {
                problem = "it is empty.";
                return false;
            }

            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(token);
                if (StartsWithBearer(pointer, token.Length))
                {
                    problem = "it starts with 'Bearer '. Give only the text after 'Bearer ' (the token itself).";
                    return false;
                }

                for (int i = 0; i < token.Length; i++)
                {
                    char c = (char)Marshal.ReadInt16(pointer, i * 2);
                    if (c < '!' || c > '~' || c == '"' || c == '\'')
                    {
                        problem = char.IsWhiteSpace(c)
                            ? $"it contains white space (at character {i + 1} of {token.Length}). A token has no spaces or line breaks."
                            : $"it contains a character that cannot be part of a bearer token (at character {i + 1} of {token.Length}); tokens are plain ASCII without quotes.";
                        return false;
                    }
                }

                return true;
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}
