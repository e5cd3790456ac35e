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
    }
}
