using System;
using System.IO;
using System.Reflection;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 18: on Windows PowerShell 5.1 the module's AssemblyResolve handler answers only its own loads (requested by
    /// an assembly of the module folder) for the same name and public key token, never another module's.
    /// </summary>
    public class DependencyResolutionTests
    {
        private static readonly string ModuleDir = Path.Combine(Path.GetTempPath(), "Modules", "AtlanTokens", "0.1.0");
        private static readonly string OtherDir = Path.Combine(Path.GetTempPath(), "Modules", "Az.Accounts", "2.0.0");

        private static AssemblyName Name(string text) => new AssemblyName(text);

        private static readonly AssemblyName ShippedMemory = Name("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51");

        [Fact]
        public void A_load_requested_by_the_module_gets_the_shipped_file_whatever_version_it_asked_for()
        {
            string requesting = Path.Combine(ModuleDir, "System.Text.Json.dll");
            Assert.True(DependencyResolution.ShouldAnswer(Name("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), requesting, ModuleDir, ShippedMemory));
            Assert.True(DependencyResolution.ShouldAnswer(Name("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), Path.Combine(ModuleDir, "AtlanTokens.dll"), ModuleDir, ShippedMemory));
        }

        [Fact]
        public void A_load_requested_by_another_module_is_never_answered_even_for_a_file_the_module_ships()
        {
            string requesting = Path.Combine(OtherDir, "Microsoft.Identity.Client.dll");
            Assert.False(DependencyResolution.ShouldAnswer(Name("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), requesting, ModuleDir, ShippedMemory));
            Assert.False(DependencyResolution.ShouldAnswer(Name("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), requesting, ModuleDir, ShippedMemory));
        }

        [Fact]
        public void A_sub_folder_or_a_folder_that_only_starts_like_the_module_folder_is_not_the_module()
        {
            Assert.False(DependencyResolution.ShouldAnswer(ShippedMemory, Path.Combine(ModuleDir, "plugins", "x.dll"), ModuleDir, ShippedMemory));
            Assert.False(DependencyResolution.ShouldAnswer(ShippedMemory, ModuleDir + "-evil" + Path.DirectorySeparatorChar + "x.dll", ModuleDir, ShippedMemory));
            Assert.False(DependencyResolution.ShouldAnswer(ShippedMemory, string.Empty, ModuleDir, ShippedMemory)); // loaded from bytes
        }

        [Fact]
        public void Another_public_key_token_or_name_or_culture_is_not_answered()
        {
            string requesting = Path.Combine(ModuleDir, "System.Text.Json.dll");
            Assert.False(DependencyResolution.ShouldAnswer(Name("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"), requesting, ModuleDir, ShippedMemory));
            Assert.False(DependencyResolution.ShouldAnswer(Name("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=null"), requesting, ModuleDir, ShippedMemory));
            Assert.False(DependencyResolution.ShouldAnswer(Name("System.Buffers, Version=4.0.3.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), requesting, ModuleDir, ShippedMemory));
            Assert.False(DependencyResolution.ShouldAnswer(Name("System.Memory, Version=4.0.1.2, Culture=de-DE, PublicKeyToken=cc7b13ffcd2ddd51"), requesting, ModuleDir, ShippedMemory));
            Assert.False(DependencyResolution.ShouldAnswer(ShippedMemory, requesting, ModuleDir, shipped: null)); // no such file
        }

        [Fact]
        public void An_unknown_requester_gets_the_shipped_file_only_for_exactly_its_identity()
        {
            Assert.True(DependencyResolution.ShouldAnswer(Name("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), null, ModuleDir, ShippedMemory));
            Assert.False(DependencyResolution.ShouldAnswer(Name("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), null, ModuleDir, ShippedMemory));
            Assert.False(DependencyResolution.ShouldAnswer(Name("System.Memory"), null, ModuleDir, ShippedMemory));
        }

        [Fact]
        public void The_module_folder_is_compared_without_regard_to_a_trailing_separator()
        {
            Assert.True(DependencyResolution.IsInDirectory(Path.Combine(ModuleDir, "a.dll"), ModuleDir + Path.DirectorySeparatorChar));
        }
    }
}
