using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// What every cmdlet shares: cancellation (Ctrl+C stops the request in flight), running async client calls
    /// while their verbose lines reach the pipeline thread, mapping failures to ErrorRecords, and ShouldProcess
    /// that explains itself where no one can answer a prompt.
    /// </summary>
    public abstract class AtlanCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly ConcurrentQueue<LogLine> _pending = new ConcurrentQueue<LogLine>();
        private static readonly TimeSpan RelayInterval = TimeSpan.FromMilliseconds(100);
        private PipelineLog? _log;

        private enum LogKind
        {
            Verbose,
            Debug,
            Warning,
        }

        protected CancellationToken CancellationToken => _cancellation.Token;

        internal IAtlanLog Log => _log ??= new PipelineLog(this);

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>Runs async work to completion on behalf of the pipeline thread, relaying its log lines.</summary>
        internal T Await<T>(Func<IAtlanLog, CancellationToken, Task<T>> work)
        {
            Task<T> task = Start(work);
            WaitRelaying(task);
            return Result(task);
        }

        internal void Await(Func<IAtlanLog, CancellationToken, Task> work)
            => Await<bool>(async (log, token) =>
            {
                await work(log, token).ConfigureAwait(false);
                return true;
            });

        /// <summary>
        /// Runs client work for one item: a module failure becomes that item's ErrorRecord (mapped in one place,
        /// <see cref="AtlanErrors"/>, with the command's <paramref name="context"/>; a broken session stops the
        /// pipeline) and the result is false.
        /// </summary>
        internal bool TryAwait<T>(Func<IAtlanLog, CancellationToken, Task<T>> work, object? target, out T result, string? notFoundId = null, FailureContext? context = null)
        {
            try
            {
                result = Await(work);
                return true;
            }
            catch (Exception e) when (AtlanErrors.IsModuleFailure(e))
            {
                WriteFailure(e, target, notFoundId, context);
                result = default!;
                return false;
            }
        }

        /// <summary><see cref="TryAwait{T}"/> for work without a result.</summary>
        internal bool TryAwait(Func<IAtlanLog, CancellationToken, Task> work, object? target, string? notFoundId = null, FailureContext? context = null)
            => TryAwait<bool>(
                async (log, token) =>
                {
                    await work(log, token).ConfigureAwait(false);
                    return true;
                },
                target,
                out _,
                notFoundId,
                context);

        /// <summary><see cref="TryAwait{T}"/> for work started earlier with <see cref="Start{T}"/>.</summary>
        internal bool TryCollect<T>(Task<T> task, object? target, out T result, string? notFoundId = null, FailureContext? context = null)
            => TryAwait(delegate { return task; }, target, out result, notFoundId, context);

        /// <summary><see cref="TryAwait{T}"/> for a decision made without a call (e.g. a plan that refuses).</summary>
        internal bool TryRun<T>(Func<T> work, object? target, out T result, FailureContext? context = null)
            => TryAwait((_, _) => Task.FromResult(work()), target, out result, null, context);

        /// <summary>
        /// Runs work the command cannot go on without (connecting): a module failure ends the command with its
        /// ErrorRecord (mapped in one place, <see cref="AtlanErrors"/>, with <paramref name="context"/>). However else
        /// the wait is left without a result (the pipeline stopped), a result that still arrives is nobody's, so it is
        /// disposed (the work disposes what it made itself when it fails).
        /// </summary>
        internal T AwaitOrTerminate<T>(Func<IAtlanLog, CancellationToken, Task<T>> work, object? target, FailureContext context)
            where T : class, IDisposable
        {
            Task<T> task = Start(work);
            T? result = null;
            try
            {
                result = Collect(task);
                return result;
            }
            catch (Exception e) when (AtlanErrors.IsModuleFailure(e))
            {
                ThrowTerminatingError(AtlanErrors.ToRecord(e, target, null, context));
                throw;
            }
            finally
            {
                if (result == null)
                {
                    task.ContinueWith(t => t.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
                }
            }
        }

        /// <summary>
        /// Starts work now (e.g. prefetching the next page) to be collected later with <see cref="Collect{T}"/>. The work
        /// is one operation with one overall deadline (<see cref="OperationDeadline"/>, -TotalTimeoutSec) unless it runs
        /// inside a wider one opened with <see cref="BeginOperation"/>.
        /// </summary>
        internal Task<T> Start<T>(Func<IAtlanLog, CancellationToken, Task<T>> work)
        {
            Task<T> task;
            OperationDeadline.Scope? scope = _operationOpen ? null : OperationDeadline.Begin();
            try
            {
                task = work(Log, CancellationToken);
            }
            catch (Exception e)
            {
                task = Task.FromException<T>(e);
            }
            finally
            {
                scope?.Dispose();
            }

            return task;
        }

        /// <summary>Gives a token read through <paramref name="session"/> its persona names when its record listed only qualified names.</summary>
        internal void NamePersonas(AtlanSession session, ApiToken token)
        {
            if (token.Personas.LacksNames)
            {
                Await((log, cancel) => session.Personas.NameAsync(token, log, cancel));
            }
        }

        /// <summary>
        /// Makes every Await until the scope is disposed one operation with one overall deadline: a cmdlet opens it
        /// around the several calls it makes for one input item (find, read, save).
        /// </summary>
        internal IDisposable BeginOperation()
        {
            bool outerOpen = _operationOpen;
            OperationDeadline.Scope scope = OperationDeadline.Begin();
            _operationOpen = true;
            return new OperationScope(this, scope, outerOpen);
        }

        private bool _operationOpen;

        private sealed class OperationScope : IDisposable
        {
            private readonly AtlanCmdlet _owner;
            private readonly OperationDeadline.Scope _scope;
            private readonly bool _outerOpen;

            public OperationScope(AtlanCmdlet owner, OperationDeadline.Scope scope, bool outerOpen)
            {
                _owner = owner;
                _scope = scope;
                _outerOpen = outerOpen;
            }

            public void Dispose()
            {
                _owner._operationOpen = _outerOpen;
                _scope.Dispose();
            }
        }

        internal T Collect<T>(Task<T> task)
        {
            WaitRelaying(task);
            return Result(task);
        }

        /// <summary>
        /// Waits for the task and writes its log lines on this (the pipeline) thread. Task.Wait spins briefly before it
        /// blocks, so a fast loopback or LAN answer is picked up without a kernel wake-up per call; lines logged while a
        /// call is slow (retries, backoff) still appear within a tenth of a second.
        /// </summary>
        private void WaitRelaying(Task task)
        {
            while (!WaitQuietly(task, RelayInterval))
            {
                RelayUnlessStopped();
            }

            RelayUnlessStopped();
        }

        /// <summary>
        /// After a stop, PowerShell refuses every write: the work is still waited for (it may be putting things back,
        /// e.g. a rotation removing a new token whose secret it can no longer return), and its lines are dropped.
        /// </summary>
        private void RelayUnlessStopped()
        {
            if (_cancellation.IsCancellationRequested)
            {
                return;
            }

            try
            {
                Relay();
            }
            catch (PipelineStoppedException) when (_cancellation.IsCancellationRequested)
            {
            }
        }

        private static bool WaitQuietly(Task task, TimeSpan timeout)
        {
            try
            {
                return task.Wait(timeout);
            }
            catch (AggregateException)
            {
                return true; // completed with a failure: Result() rethrows it unwrapped
            }
        }

        private T Result<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void Relay()
        {
            while (_pending.TryDequeue(out LogLine line))
            {
                switch (line.Kind)
                {
                    case LogKind.Verbose:
                        WriteVerbose(line.Text);
                        break;
                    case LogKind.Debug:
                        WriteDebug(line.Text);
                        break;
                    default:
                        WriteWarning(line.Text);
                        break;
                }
            }
        }

        /// <summary>
        /// ShouldProcess, but where the host cannot prompt (a runbook, -NonInteractive) it fails with an error
        /// that says to add -Force or -Confirm:$false instead of a generic host error.
        /// </summary>
        protected bool ShouldChange(string target, string action)
        {
            try
            {
                return ShouldProcess(target, action);
            }
            catch (Exception e) when (e is HostException || e is PSInvalidOperationException || e is NotImplementedException)
            {
                // Only the first letter is lowered: the rest names tenant data (token and persona names) as it is.
                string lowered = action.Length > 0 ? char.ToLowerInvariant(action[0]) + action.Substring(1) : action;
                var record = new ErrorRecord(
                    new InvalidOperationException($"Confirmation is needed to {lowered} {target}, but this host cannot prompt (for example an Azure Automation runbook or pwsh -NonInteractive). Add -Force (or -Confirm:$false) to run without a prompt.", e),
                    ErrorIds.ConfirmationRequired,
                    ErrorCategory.InvalidOperation,
                    target);
                record.ErrorDetails = new ErrorDetails(record.Exception.Message)
                {
                    RecommendedAction = "Add -Force (or -Confirm:$false) to run without a prompt, or -WhatIf to see what would change.",
                };
                ThrowTerminatingError(record);
                return false;
            }
            finally
            {
                OperationDeadline.Restart(); // the time a person takes to answer a prompt is not the operation's
            }
        }

        /// <summary>True when -WhatIf is in effect, explicitly or through $WhatIfPreference.</summary>
        protected bool IsWhatIf
        {
            get
            {
                if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? value))
                {
                    return LanguagePrimitives.IsTrue(value);
                }

                return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
            }
        }

        /// <summary>
        /// Reports a failure of one item and lets the pipeline go on; a broken session (or a rejected impersonation
        /// token, after which no later call with it can work) stops it. <paramref name="context"/> tells the mapping
        /// what the command is about (noun, whose bearer token is needed, look-up command).
        /// </summary>
        internal void WriteFailure(Exception exception, object? target, string? notFoundId = null, FailureContext? context = null)
        {
            ErrorRecord record = AtlanErrors.ToRecord(exception, target, notFoundId, context);
            if (AtlanErrors.IsSessionBroken(exception))
            {
                ThrowTerminatingError(record);
            }

            WriteError(record);
        }

        internal void WriteFailure(Exception exception, object? target, FailureContext context) => WriteFailure(exception, target, null, context);

        internal void WriteError(string id, ErrorCategory category, object? target, string message, string? recommendedAction = null)
            => WriteError(AtlanErrors.Record(new InvalidOperationException(message), id, category, target, recommendedAction));

        internal void ThrowError(string id, ErrorCategory category, object? target, string message, string? recommendedAction = null)
            => ThrowTerminatingError(AtlanErrors.Record(new InvalidOperationException(message), id, category, target, recommendedAction));

        public void Dispose()
        {
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }

        private readonly struct LogLine
        {
            public LogLine(LogKind kind, string text)
            {
                Kind = kind;
                Text = text;
            }

            public LogKind Kind { get; }

            public string Text { get; }
        }

        /// <summary>Queues lines from any thread; the pipeline thread writes them while it waits.</summary>
        private sealed class PipelineLog : IAtlanLog
        {
            private readonly AtlanCmdlet _owner;

            public PipelineLog(AtlanCmdlet owner)
            {
                _owner = owner;
            }

            public void Verbose(string message) => Enqueue(LogKind.Verbose, message);

            public void Debug(string message) => Enqueue(LogKind.Debug, message);

            public void Warning(string message) => Enqueue(LogKind.Warning, message);

            private void Enqueue(LogKind kind, string message)
            {
                _owner._pending.Enqueue(new LogLine(kind, message));
            }
        }
    }
}
