// An MSBuild task (compiled by RoslynCodeTaskFactory, see Engine.Benchmarks.csproj) that makes TorchSharp-cpu
// 0.107.0 load on Debian 12.
//
// The problem: libLibTorchSharp.so was linked against GCC 13's libstdc++ and lists, among its version needs on
// libstdc++.so.6, GLIBCXX_3.4.32. Debian 12's libstdc++ (GCC 12) stops at GLIBCXX_3.4.30, so the dynamic loader
// refuses the library ("version `GLIBCXX_3.4.32' not found"), and TorchSharp reports a TypeInitializationException.
// Only one symbol carries that version, std::ios_base_library_init(): GCC 13's <iostream> plants an undefined
// reference to it so that the link pulls in the new library, but no relocation uses it, so nothing ever looks it
// up at run time.
//
// The fix, one flag in the ELF file: the loader checks every entry of .gnu.version_r (Elf64_Vernaux) against
// the library it names, and a missing version is fatal unless the entry has VER_FLG_WEAK (0x2), in which case
// glibc's _dl_check_map_versions lets it pass. This task sets VER_FLG_WEAK on the GLIBCXX_3.4.32 entry of the
// copy in the build output (never the NuGet cache), after checking that no dynamic relocation refers to a symbol
// of that version; if one did, the library really would need the newer libstdc++, and the task fails instead.
// It is idempotent, and a no-op on a system whose libstdc++ already has the version (the flag is then unused).

using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenVersionRequirement : Task
{
    private const uint SectionVersionNeed = 0x6ffffffe; // SHT_GNU_verneed (.gnu.version_r)
    private const uint SectionVersionSymbols = 0x6fffffff; // SHT_GNU_versym (.gnu.version)
    private const uint SectionRelocationsWithAddends = 4; // SHT_RELA
    private const ushort WeakFlag = 0x2; // VER_FLG_WEAK

    /// <summary>The shared library to patch in place.</summary>
    [Required]
    public string Library { get; set; } = "";

    /// <summary>The version requirement to make weak, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string Version { get; set; } = "";

    public override bool Execute()
    {
        if (!File.Exists(Library))
        {
            Log.LogError($"weaken-version: {Library} does not exist");
            return false;
        }
        var elf = File.ReadAllBytes(Library);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError($"weaken-version: {Library} is not a 64-bit little-endian ELF file");
            return false;
        }
        var sectionTable = (long)U64(elf, 0x28);
        int sectionSize = U16(elf, 0x3A), sectionCount = U16(elf, 0x3C);
        long Section(int index) => sectionTable + (long)index * sectionSize;

        for (var s = 0; s < sectionCount; s++)
        {
            if (U32(elf, Section(s) + 4) != SectionVersionNeed)
            {
                continue;
            }
            var strings = (long)U64(elf, Section((int)U32(elf, Section(s) + 0x28)) + 0x18);
            var need = (long)U64(elf, Section(s) + 0x18);
            for (var entry = 0u; entry < U32(elf, Section(s) + 0x2C); entry++)
            {
                var aux = need + U32(elf, need + 8);
                for (var a = 0; a < U16(elf, need + 2); a++)
                {
                    if (Text(elf, strings + U32(elf, aux + 8)) == Version)
                    {
                        return Weaken(elf, aux, versionIndex: U16(elf, aux + 6), Text(elf, strings + U32(elf, need + 4)), Section, sectionCount);
                    }
                    aux += U32(elf, aux + 12);
                }
                need += U32(elf, need + 12);
            }
        }
        Log.LogMessage(MessageImportance.High, $"weaken-version: {Path.GetFileName(Library)} does not require {Version}; nothing to do");
        return true;
    }

    private bool Weaken(byte[] elf, long aux, int versionIndex, string file, Func<int, long> section, int sectionCount)
    {
        var flags = U16(elf, aux + 4);
        if ((flags & WeakFlag) != 0)
        {
            Log.LogMessage(MessageImportance.High, $"weaken-version: {Version} of {file} is already weak in {Path.GetFileName(Library)}");
            return true;
        }
        var users = RelocatedSymbolsOfVersion(elf, versionIndex, section, sectionCount);
        if (users > 0)
        {
            Log.LogError($"weaken-version: {users} relocation(s) in {Library} use symbols of {Version}; the library really needs that {file}");
            return false;
        }
        elf[aux + 4] = (byte)(flags | WeakFlag);
        File.WriteAllBytes(Library, elf);
        Log.LogMessage(MessageImportance.High, $"weaken-version: made the {Version} requirement on {file} weak in {Library} (no relocation uses it)");
        return true;
    }

    /// <summary>How many relocation entries name a dynamic symbol whose .gnu.version entry is <paramref name="versionIndex"/>.</summary>
    private static int RelocatedSymbolsOfVersion(byte[] elf, int versionIndex, Func<int, long> section, int sectionCount)
    {
        long versions = -1;
        for (var s = 0; s < sectionCount; s++)
        {
            if (U32(elf, section(s) + 4) == SectionVersionSymbols)
            {
                versions = (long)U64(elf, section(s) + 0x18);
            }
        }
        var count = 0;
        for (var s = 0; s < sectionCount && versions >= 0; s++)
        {
            if (U32(elf, section(s) + 4) != SectionRelocationsWithAddends)
            {
                continue;
            }
            long start = (long)U64(elf, section(s) + 0x18), size = (long)U64(elf, section(s) + 0x20);
            for (var r = start; r < start + size; r += 24)
            {
                var symbol = (long)(U64(elf, r + 8) >> 32); // ELF64_R_SYM(r_info)
                if (symbol != 0 && (U16(elf, versions + 2 * symbol) & 0x7fff) == versionIndex)
                {
                    count++;
                }
            }
        }
        return count;
    }

    private static ushort U16(byte[] b, long at) => BitConverter.ToUInt16(b, (int)at);

    private static uint U32(byte[] b, long at) => BitConverter.ToUInt32(b, (int)at);

    private static ulong U64(byte[] b, long at) => BitConverter.ToUInt64(b, (int)at);

    private static string Text(byte[] b, long at)
    {
        var end = (int)at;
        while (b[end] != 0)
        {
            end++;
        }
        return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
    }
}
