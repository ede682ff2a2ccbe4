using System.Buffers.Binary;
using System.Security.Cryptography;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Groz.Bench.Generate;

/// <summary>
/// The one password hash every synthetic account shares. Identity's hasher draws a random salt, which would make
/// two runs with the same seed differ in this one column; so the salt comes from the seed and the hash is built in
/// Identity's own V3 format (PBKDF2-HMAC-SHA512), then checked with the app's hasher, which must accept it.
/// </summary>
public static class PasswordHash
{
    public static string Create(IServiceProvider services, string password, Random random)
    {
        var iterations = services.GetRequiredService<IOptions<PasswordHasherOptions>>().Value.IterationCount;
        var salt = new byte[16];
        random.NextBytes(salt);
        var subkey = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, 32);
        var bytes = new byte[13 + salt.Length + subkey.Length];
        bytes[0] = 0x01; // format marker: V3
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), 2); // KeyDerivationPrf.HMACSHA512
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), (uint)iterations);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(9), (uint)salt.Length);
        salt.CopyTo(bytes, 13);
        subkey.CopyTo(bytes, 13 + salt.Length);
        var hash = Convert.ToBase64String(bytes);

        var check = services.GetRequiredService<IPasswordHasher<GrozUser>>().VerifyHashedPassword(new GrozUser(), hash, password);
        return check == PasswordVerificationResult.Success
            ? hash
            : throw new InvalidOperationException($"The app's password hasher does not accept the generated hash ({check}).");
    }
}
