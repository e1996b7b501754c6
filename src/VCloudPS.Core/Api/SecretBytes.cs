using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace VCloudPS.Core.Api;

/// <summary>
/// Turns SecureStrings into bytes only at the moment a request is built, and zeroes every buffer it owns.
/// (The final header string cannot be zeroed: .NET headers are strings. It lives only for one request.)
/// </summary>
internal static class SecretBytes
{
    public static byte[] Utf8(SecureString secret)
    {
        IntPtr p = Marshal.SecureStringToGlobalAllocUnicode(secret);
        char[] chars = new char[secret.Length];
        try
        {
            Marshal.Copy(p, chars, 0, chars.Length);
            return Encoding.UTF8.GetBytes(chars);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
            Marshal.ZeroFreeGlobalAllocUnicode(p);
        }
    }

    /// <summary>"Basic base64(user@org:password)".</summary>
    public static string BasicAuthorization(string userAtOrg, SecureString password)
    {
        byte[] prefix = Encoding.UTF8.GetBytes(userAtOrg + ":");
        byte[] pw = Utf8(password);
        byte[] all = new byte[prefix.Length + pw.Length];
        char[] b64 = new char[((all.Length + 2) / 3) * 4];
        try
        {
            Buffer.BlockCopy(prefix, 0, all, 0, prefix.Length);
            Buffer.BlockCopy(pw, 0, all, prefix.Length, pw.Length);
            int n = Convert.ToBase64CharArray(all, 0, all.Length, b64, 0);
            return "Basic " + new string(b64, 0, n);
        }
        finally
        {
            Array.Clear(pw, 0, pw.Length);
            Array.Clear(all, 0, all.Length);
            Array.Clear(b64, 0, b64.Length);
        }
    }

    /// <summary>application/x-www-form-urlencoded body of an OAuth refresh-token grant.</summary>
    public static byte[] RefreshTokenForm(SecureString apiToken)
    {
        byte[] head = Encoding.ASCII.GetBytes("grant_type=refresh_token&refresh_token=");
        byte[] token = Utf8(apiToken);
        try
        {
            var sb = new System.IO.MemoryStream(head.Length + token.Length * 3);
            sb.Write(head, 0, head.Length);
            foreach (byte b in token)
            {
                bool unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.' || b == '~';
                if (unreserved) sb.WriteByte(b);
                else
                {
                    const string hex = "0123456789ABCDEF";
                    sb.WriteByte((byte)'%');
                    sb.WriteByte((byte)hex[b >> 4]);
                    sb.WriteByte((byte)hex[b & 15]);
                }
            }
            return sb.ToArray();
        }
        finally
        {
            Array.Clear(token, 0, token.Length);
        }
    }
}
