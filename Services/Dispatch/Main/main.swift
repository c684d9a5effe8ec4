import DispatchService
import ServiceKit

await ServiceCommand<DispatchService>.main()
