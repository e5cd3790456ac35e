using System.Globalization;
using System.Text;

namespace AtlanTokens.Client
{
    /// <summary>Tenant text made safe to show in a message or on the console.</summary>
    internal static class DisplayText
    {
        /// <summary>Control characters (CR, LF, ...) as \uXXXX, so tenant text cannot start a line of its own on the console.</summary>
        public static string Visible(string text)
        {
            var visible = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (char.IsControl(c))
                {
                    visible.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    visible.Append(c);
                }
            }

            return visible.ToString();
        }
    }
}
