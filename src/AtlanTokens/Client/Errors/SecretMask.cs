using System;
using System.Collections.Generic;
using System.Text;

namespace AtlanTokens.Client
{
    /// <summary>
    /// Hides known secrets in text that came from a server (an error body, a reason phrase). Not only whole
    /// occurrences: every run of text that matches any <see cref="Fragment"/> characters of a secret is masked, so a
    /// server that echoes part of a key, or a cut made later, cannot leave a usable piece of it visible.
    /// </summary>
    internal sealed class SecretMask
    {
        /// <summary>The shortest piece of a secret that is masked (shorter secrets are masked whole).</summary>
        public const int Fragment = 12;

        /// <summary>Text longer than this is cut before masking: what is shown is far shorter, and masking is by fragment.</summary>
        public const int MaxScannedChars = 64 * 1024;

        private const string Mask = "***";

        private readonly List<string> _secrets = new List<string>();
        private readonly HashSet<string> _fragments = new HashSet<string>(StringComparer.Ordinal);
        private int _shortest = int.MaxValue;

        public static readonly SecretMask None = new SecretMask(Array.Empty<string?>());

        public SecretMask(IEnumerable<string?> secrets)
        {
            foreach (string? secret in secrets)
            {
                Add(secret);
            }
        }

        public bool IsEmpty => _secrets.Count == 0;

        /// <summary>A mask that also hides <paramref name="secret"/> (e.g. a created token's key while it is in flight).</summary>
        public SecretMask With(string? secret)
        {
            var mask = new SecretMask(_secrets);
            mask.Add(secret);
            return mask;
        }

        private void Add(string? secret)
        {
            // Blank or very short values are not secrets worth masking: masking them would garble every message.
            if (string.IsNullOrWhiteSpace(secret) || secret!.Length < 8 || _secrets.Contains(secret))
            {
                return;
            }

            _secrets.Add(secret);
            int length = Math.Min(Fragment, secret.Length);
            _shortest = Math.Min(_shortest, length);
            for (int i = 0; i + length <= secret.Length; i++)
            {
                _fragments.Add(secret.Substring(i, length));
            }
        }

        /// <summary>The text with every known secret, and every long piece of one, replaced by ***.</summary>
        public string? Apply(string? text)
        {
            if (text == null || _secrets.Count == 0 || text.Length < _shortest)
            {
                return text;
            }

            if (text.Length > MaxScannedChars)
            {
                text = text.Substring(0, MaxScannedChars);
            }

            bool[]? hidden = null;
            foreach (int length in Lengths())
            {
                for (int i = 0; i + length <= text.Length; i++)
                {
                    if (_fragments.Contains(text.Substring(i, length)))
                    {
                        hidden ??= new bool[text.Length];
                        for (int j = i; j < i + length; j++)
                        {
                            hidden[j] = true;
                        }
                    }
                }
            }

            if (hidden == null)
            {
                return text;
            }

            var masked = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                if (!hidden[i])
                {
                    masked.Append(text[i]);
                }
                else if (i == 0 || !hidden[i - 1])
                {
                    masked.Append(Mask);
                }
            }

            return masked.ToString();
        }

        private IEnumerable<int> Lengths()
        {
            var lengths = new HashSet<int>();
            foreach (string secret in _secrets)
            {
                lengths.Add(Math.Min(Fragment, secret.Length));
            }

            return lengths;
        }
    }
}
